package dev.analytics.server.role;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The process's {@link Role}, for whatever behaves differently by role. */
@Configuration(proxyBeanMethods = false)
class RoleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoleConfiguration.class);

    @Bean
    Role role(Environment environment) {
        Role role = Role.of(environment);
        switch (role) {
            case COMMAND -> log.info("Role command: writes, sign-in and tracking.js; no projections run here, and "
                    + "the query role's paths answer 404");
            case QUERY -> log.info("Role query: projections, the read API and the dashboard; the command role's "
                    + "paths answer 404");
            case BOTH -> log.info("Role both: the command and the query role in one process");
        }
        return role;
    }
}
