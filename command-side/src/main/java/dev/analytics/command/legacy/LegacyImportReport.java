package dev.analytics.command.legacy;

import java.time.Duration;
import java.util.List;

/**
 * What an import of the legacy file did: of {@code rows} users in the file, how many were imported, how many existed
 * already (from an earlier run, or an earlier identical row), and how many were rejected. {@code rejections} lists the
 * first {@link #MAX_LISTED} rejections with their row (counted from 1, a CSV header not counted) and reason.
 */
public record LegacyImportReport(String file, String format, int rows, int imported, int alreadyImported,
                                 int rejected, List<Rejection> rejections, Duration took) {

    public static final int MAX_LISTED = 1000;

    public record Rejection(int row, String reason) {
    }
}
