package dev.analytics.query.rebuild;

import java.time.Instant;
import java.util.List;

/**
 * One rebuild as operators see it: what it rebuilds, where it is, how fast it goes.
 *
 * @param eventsDone      the rebuild's position in the store (events are numbered from 1, so this counts the events
 *                        behind it but for the rare number a rolled-back append leaves unused)
 * @param eventsTotal     the head of the store when last measured; it moves while events keep arriving
 * @param eventsPerSecond the recent rate, or {@code null} before there is one
 * @param secondsLeft     the time left at that rate, or {@code null} when unknown or finished
 */
public record Rebuild(long id, List<String> projections, RebuildState state, String requestedBy,
                      Instant requestedAt, Instant startedAt, Instant finishedAt, long eventsDone,
                      long eventsTotal, Double eventsPerSecond, Long secondsLeft, String error) {

    /** One line for logs and the command line. */
    public String progressLine() {
        String prefix = "Rebuild " + id + " " + projections + ": " + state.code();
        if (state == RebuildState.FAILED) {
            return prefix + " (" + error + ")";
        }
        if (startedAt == null) {
            return prefix + ", waiting for a query instance to take it up";
        }
        long total = Math.max(eventsTotal, eventsDone);
        String counts = String.format(" %,d/%,d events (%d%%)", eventsDone, total,
                total == 0 ? 100 : eventsDone * 100 / total);
        String rate = eventsPerSecond == null ? "" : String.format(", %,.0f events/s", eventsPerSecond);
        String left = secondsLeft == null ? "" : ", about " + secondsLeft + " s left";
        return prefix + counts + rate + left;
    }
}
