package dev.analytics.query.web;

/**
 * Which page of a list a caller asked for: {@code page} counts from 0, {@code size} is 1 to {@link #MAX_SIZE}
 * (default {@link #DEFAULT_SIZE}).
 */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 25;
    public static final int MAX_SIZE = 100;
    /** Deep pages cost an OFFSET scan each; nobody pages this far by hand, so it is refused rather than served. */
    public static final int MAX_PAGE = 10_000;

    /** Reads {@code page} and {@code size} query parameters; either may be absent. */
    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || p > MAX_PAGE) {
            throw new InvalidParameter("page", "page must be from 0 to " + MAX_PAGE);
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidParameter("size", "size must be from 1 to " + MAX_SIZE);
        }
        return new Paging(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}
