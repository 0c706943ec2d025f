package dev.analytics.query.user;

import dev.analytics.query.web.InvalidParameter;

import java.util.Locale;

/**
 * The orders {@code GET /admin/users} offers. Each maps to a fixed {@code ORDER BY}, never to text from the request;
 * {@code user_id} breaks ties so that paging neither repeats nor skips a user.
 */
enum UserSort {
    /** Most recently active first; users never active here last. The default. */
    ACTIVITY("last_activity_at DESC NULLS LAST, user_id"),
    /** Most generations first. */
    COUNT("model_count DESC, user_id"),
    /** Newest first. */
    CREATED("created_at DESC, user_id");

    final String orderBy;

    UserSort(String orderBy) {
        this.orderBy = orderBy;
    }

    static UserSort parse(String value) {
        if (value == null || value.isBlank()) {
            return ACTIVITY;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("sort", "sort must be activity, count or created");
        }
    }
}
