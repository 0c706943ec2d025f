package dev.analytics.command.legacy;

/**
 * Text from the legacy file made safe for a log line or a report: in double quotes, with control characters, quotes
 * and backslashes escaped (so a CR or LF cannot start a forged log line), and cut short.
 */
final class LogText {

    /** Enough of a value to recognise it in the file. */
    static final int VALUE_LENGTH = 60;
    /** Enough for any sensible file path. */
    static final int PATH_LENGTH = 1000;

    private LogText() {
    }

    static String quoted(String value) {
        return quoted(value, VALUE_LENGTH);
    }

    static String quoted(String value, int maxLength) {
        int end = Math.min(value.length(), maxLength);
        StringBuilder out = new StringBuilder(end + 8).append('"');
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > end) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
