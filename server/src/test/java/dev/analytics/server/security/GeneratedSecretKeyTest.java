package dev.analytics.server.security;

import dev.analytics.command.secret.ServiceSecret;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Without SECRET_KEY, instances starting at the same moment generate keys, and all end up with the same one. */
@ServerTest
class GeneratedSecretKeyTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void instancesStartingTogetherAgreeOnTheGeneratedKey() throws Exception {
        jdbc.update("DELETE FROM service_secrets WHERE name = 'secret_key'");
        ExecutorService instances = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(instances.submit(() -> {
                start.await();
                return HexFormat.of().formatHex(new ServiceSecret("", jdbc).key());
            }));
        }
        start.countDown();
        List<String> seen = new ArrayList<>();
        for (Future<String> key : keys) {
            seen.add(key.get(30, TimeUnit.SECONDS));
        }
        instances.shutdown();

        assertThat(seen).hasSize(8).allMatch(key -> key.equals(seen.get(0)));
        assertThat(seen.get(0)).hasSizeGreaterThanOrEqualTo(64);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM service_secrets", Integer.class)).isEqualTo(1);
    }
}
