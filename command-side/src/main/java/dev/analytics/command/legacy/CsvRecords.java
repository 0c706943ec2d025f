package dev.analytics.command.legacy;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated records as RFC 4180 describes them: a field may be wrapped in double quotes, and then holds
 * commas, line breaks and doubled quotes ({@code ""} for one {@code "}); records end with CRLF, LF or CR; a UTF-8
 * byte-order mark before the first record is ignored, and so are blank lines. A quote inside an unquoted field is
 * kept as it is.
 *
 * <p>Damage that only spoils one record (text after a closing quote) is reported with that record. Damage that makes
 * the rest of the file unreadable (a quote never closed, a field of absurd length) is a {@link LegacyFileUnreadable}.
 */
final class CsvRecords {

    /** One record: its fields, the line it starts on, and what is wrong with it, if anything. */
    record CsvRecord(List<String> fields, long line, String problem) {
    }

    /** Longer than any real field; what is longer is almost certainly a quote that was never closed. */
    static final int MAX_FIELD_LENGTH = 10_000;

    private static final int END = -1;
    private static final int NONE = -2;

    private final Reader in;
    private int pushedBack = NONE;
    private long line = 1;
    private boolean started;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of the input. */
    CsvRecord next() throws IOException {
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        while (c == '\r' || c == '\n') {
            endLine(c);
            c = read();
        }
        if (c == END) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String problem = null;
        while (true) {
            field.setLength(0);
            if (c == '"') {
                long opened = line;
                while (true) {
                    c = read();
                    if (c == END) {
                        throw new LegacyFileUnreadable("a quoted field opened on line " + opened + " is never closed");
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') {
                            break;
                        }
                    } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    append(field, c);
                }
                if (!endsField(c)) {
                    problem = problem != null ? problem
                            : "text after the closing quote of field " + (fields.size() + 1) + " (write \"\" for a"
                            + " quote inside a quoted field)";
                    while (!endsField(c)) {
                        c = read();
                    }
                }
            } else {
                while (!endsField(c)) {
                    append(field, c);
                    c = read();
                }
            }
            fields.add(field.toString());
            if (c == ',') {
                c = read();
                continue;
            }
            if (c != END) {
                endLine(c);
            }
            return new CsvRecord(List.copyOf(fields), start, problem);
        }
    }

    private static boolean endsField(int c) {
        return c == ',' || c == '\r' || c == '\n' || c == END;
    }

    private void append(StringBuilder field, int c) {
        if (field.length() >= MAX_FIELD_LENGTH) {
            throw new LegacyFileUnreadable("a field on line " + line + " is longer than " + MAX_FIELD_LENGTH
                    + " characters; is a quote never closed?");
        }
        field.append((char) c);
    }

    /** Consumes the line break that starts with {@code c}: CRLF counts as one. */
    private void endLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (pushedBack == NONE) {
            pushedBack = in.read();
        }
        return pushedBack;
    }

    private int read() throws IOException {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            return c;
        }
        return in.read();
    }
}
