package dev.analytics.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which email belongs to which user: the one set-based rule aggregates cannot check alone. The claim is written in
 * the same transaction as the user's first event, so a rolled-back registration frees the email again, and the
 * primary key makes two concurrent claims of one email end with exactly one winner.
 */
@Component
public class EmailRegistry {

    private final JdbcTemplate jdbc;

    EmailRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the email for the user; false when another user has it. Call inside the command's transaction. */
    public boolean claim(String email, String userId) {
        return jdbc.update("INSERT INTO user_emails (email, user_id) VALUES (?, ?) ON CONFLICT (email) DO NOTHING",
                email, userId) == 1;
    }

    /** The user the email belongs to, if any. */
    public Optional<String> ownerOf(String email) {
        return jdbc.queryForList("SELECT user_id FROM user_emails WHERE email = ?", String.class, email).stream()
                .findFirst();
    }
}
