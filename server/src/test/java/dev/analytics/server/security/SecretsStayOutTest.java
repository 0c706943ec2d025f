package dev.analytics.server.security;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.EndUser;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a tour of every endpoint, no secret, password, session token or raw IP is in the captured logs or in the
 * stored events (payloads and metadata), and the tables hold only hashes of the tokens.
 */
@ServerTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "analytics.secret-key=" + SecretsStayOutTest.SECRET_KEY)
class SecretsStayOutTest {

    static final String SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789";
    static final String WRONG_PASSWORD = "a-wrong-password-attempt-987";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void secretsTokensAndIpsAreNeitherLoggedNorStored(CapturedOutput output) {
        Api api = new Api(port);
        api.postJson("/admin/login", "{\"password\":\"" + WRONG_PASSWORD + "\"}");
        Api admin = new Api(port).login(ServerTest.ADMIN_PASSWORD);
        EndUser user = EndUser.signUp(api, "{\"email\":\"secret-test@example.com\"}");
        api.post("/users/increment-count", null, "", user.writes());
        api.postJson("/track/cad-event", "{\"kind\":\"generation_started\",\"prompt\":\"a gear\"}", user.writes());
        api.postJson("/track/pageview", "{\"site\":\"portfolio\",\"url\":\"http://localhost/secret-tour\"}",
                "X-Forwarded-For", "198.51.100.77");
        String claimCode = admin.post("/admin/users/" + user.userId() + "/claim-code", null, "", admin.admin())
                .json().get("claimCode").asText();
        api.post("/auth/logout", null, "", user.writes());
        admin.post("/admin/logout", null, "", admin.admin());

        List<String> secrets = new ArrayList<>(List.of(ServerTest.ADMIN_PASSWORD, WRONG_PASSWORD, SECRET_KEY,
                token(user.cookie()), user.csrfToken(), token(admin.admin()[1]), admin.admin()[3], claimCode));
        String stored = String.join("\n", jdbc.queryForList("SELECT convert_from(payload, 'UTF8') || ' ' "
                + "|| convert_from(coalesce(meta_data, ''), 'UTF8') FROM domain_event_entry", String.class));
        String tables = String.join("\n", jdbc.queryForList(
                "SELECT token_hash || csrf_token FROM admin_sessions", String.class));

        assertThat(output.getAll()).doesNotContain(secrets);
        assertThat(stored).contains("secret-tour").doesNotContain(secrets)
                .doesNotContain("127.0.0.1", "0:0:0:0:0:0:0:1", "198.51.100.77");
        assertThat(tables).doesNotContain(token(admin.admin()[1]));
    }

    /** The token inside a {@code name=value} cookie. */
    private static String token(String cookie) {
        return cookie.substring(cookie.indexOf('=') + 1);
    }
}
