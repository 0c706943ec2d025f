package dev.analytics.server.support;

import dev.analytics.server.AnalyticsServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * The whole server on a random port, on a database of the test class's own, with a {@link MutableClock} and the
 * admin password {@link #ADMIN_PASSWORD}. The context is closed after the class, so its processors stop polling.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = AnalyticsServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "analytics.admin.password=" + ServerTest.ADMIN_PASSWORD)
@ContextConfiguration(initializers = FreshDatabase.class)
@Import(ServerTest.TestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface ServerTest {

    String ADMIN_PASSWORD = "test-admin-password-0123";

    @TestConfiguration(proxyBeanMethods = false)
    class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }
}
