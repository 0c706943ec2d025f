package dev.analytics.query.web;

import java.util.List;

/** One page of a list: its items, where it is, and how many items the whole list has. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static <T> Page<T> of(List<T> items, Paging paging, long total) {
        return new Page<>(items, paging.page(), paging.size(), total);
    }
}
