package dev.analytics.query.user;

import dev.analytics.query.web.Page;
import dev.analytics.query.web.Paging;
import dev.analytics.query.web.QueryParameters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code users}: the page and its total in one snapshot, so that they agree. */
@Component
class UserQuery {

    private final JdbcTemplate jdbc;

    UserQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Users whose id is {@code search} or whose email contains it (ignoring case), or all users when {@code search}
     * is null.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page<UserSummary> find(String search, UserSort sort, Paging paging) {
        String where = search == null ? "" : " WHERE user_id = ? OR email ILIKE ? ESCAPE '\\'";
        List<Object> args = new ArrayList<>();
        if (search != null) {
            args.add(search);
            args.add(QueryParameters.containing(search));
        }

        long total = jdbc.queryForObject("SELECT count(*) FROM users" + where, Long.class, args.toArray());
        args.add(paging.size());
        args.add(paging.offset());
        List<UserSummary> items = jdbc.query("""
                SELECT user_id, email, name, model_count, model_limit, created_at, last_activity_at, imported
                  FROM users""" + where + " ORDER BY " + sort.orderBy + " LIMIT ? OFFSET ?",
                (rs, n) -> summary(rs), args.toArray());
        return Page.of(items, paging, total);
    }

    private static UserSummary summary(ResultSet rs) throws SQLException {
        int count = rs.getInt("model_count");
        int limit = rs.getInt("model_limit");
        return new UserSummary(rs.getString("user_id"), rs.getString("email"), rs.getString("name"), count, limit,
                Math.max(0, limit - count), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_activity_at")), rs.getBoolean("imported"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
