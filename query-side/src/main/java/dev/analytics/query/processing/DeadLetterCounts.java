package dev.analytics.query.processing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/** How many events each processing group has parked in the dead-letter queue. */
@Component
class DeadLetterCounts {

    private final JdbcTemplate jdbc;

    DeadLetterCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Long> byProcessingGroup() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT processing_group, count(*) FROM dead_letter_entry GROUP BY processing_group",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
