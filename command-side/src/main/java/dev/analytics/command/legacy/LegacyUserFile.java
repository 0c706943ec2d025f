package dev.analytics.command.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A legacy export of users, in one of two formats, read as a stream so that a large file does not need a large heap:
 * <ul>
 *   <li><b>JSON</b>: an array of objects, or an object whose {@code "users"} field is that array;</li>
 *   <li><b>CSV</b>: a header row naming the columns, then one user per record ({@link CsvRecords}).</li>
 * </ul>
 * The format is taken from the extension ({@code .json}, {@code .csv}); for any other name, a file whose first
 * non-blank character is {@code [} or <code>{</code> is JSON, anything else CSV. Field and column names are matched
 * without regard to case; unknown ones are ignored.
 */
final class LegacyUserFile {

    enum Format { JSON, CSV }

    /** Plain JSON: the HTTP API's strict settings are not this file's rules. */
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path path;
    private final Format format;

    private LegacyUserFile(Path path, Format format) {
        this.path = path;
        this.format = format;
    }

    /** Opens the file for reading; it must exist and be readable. */
    static LegacyUserFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new LegacyFileUnreadable(Files.exists(path) ? "it is not a regular file" : "there is no such file");
        }
        if (!Files.isReadable(path)) {
            throw new LegacyFileUnreadable("the file cannot be read (permissions?)");
        }
        return new LegacyUserFile(path, detect(path));
    }

    Format format() {
        return format;
    }

    /**
     * Reads the whole file once without keeping it, and counts its records. This finds every fault that would spoil
     * the file as a whole, before a single user is imported.
     */
    int count() {
        int[] rows = {0};
        read(record -> rows[0]++, false);
        return rows[0];
    }

    /** Hands every record to {@code sink}, in file order. */
    void forEach(Consumer<LegacyRecord> sink) {
        read(sink, true);
    }

    private void read(Consumer<LegacyRecord> sink, boolean withFields) {
        try {
            if (format == Format.JSON) {
                readJson(sink, withFields);
            } else {
                readCsv(sink);
            }
        } catch (CharacterCodingException e) {
            throw new LegacyFileUnreadable("the file is not UTF-8", e);
        } catch (JsonProcessingException e) {
            throw new LegacyFileUnreadable("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new LegacyFileUnreadable("the file could not be read: " + e.getMessage(), e);
        }
    }

    private static Format detect(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Format.JSON;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        try (InputStream in = Files.newInputStream(path)) {
            int c;
            do { // skip blanks, and the bytes of a UTF-8 byte-order mark
                c = in.read();
            } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
            return c == '[' || c == '{' ? Format.JSON : Format.CSV;
        } catch (IOException e) {
            throw new LegacyFileUnreadable("the file could not be read: " + e.getMessage(), e);
        }
    }

    private void readJson(Consumer<LegacyRecord> sink, boolean withFields) throws IOException {
        try (JsonParser parser = JSON.createParser(path.toFile())) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                boolean found = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    token = parser.nextToken();
                    if (!found && "users".equals(name) && token == JsonToken.START_ARRAY) {
                        found = true;
                        readJsonArray(parser, sink, withFields);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!found) {
                    throw new LegacyFileUnreadable("a JSON object must hold the users as an array in \"users\"");
                }
            } else if (token == JsonToken.START_ARRAY) {
                readJsonArray(parser, sink, withFields);
            } else {
                throw new LegacyFileUnreadable("JSON must be an array of users, or an object with a \"users\" array");
            }
            if (parser.nextToken() != null) {
                throw new LegacyFileUnreadable("there is more JSON after the users, from line "
                        + parser.currentLocation().getLineNr());
            }
        }
    }

    private void readJsonArray(JsonParser parser, Consumer<LegacyRecord> sink, boolean withFields)
            throws IOException {
        int row = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new LegacyFileUnreadable("the JSON ends inside the users array");
            }
            row++;
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                sink.accept(new LegacyRecord(row, Map.of(), "not a JSON object"));
            } else if (!withFields) {
                parser.skipChildren();
                sink.accept(new LegacyRecord(row, Map.of(), null));
            } else {
                sink.accept(jsonRecord(row, parser));
            }
        }
    }

    /** Reads the object the parser is at, field by field: a repeated field spoils the record, not the file. */
    private static LegacyRecord jsonRecord(int row, JsonParser parser) throws IOException {
        Map<String, String> fields = new HashMap<>();
        Set<String> seen = new HashSet<>();
        String problem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName().strip().toLowerCase(Locale.ROOT);
            JsonToken value = parser.nextToken();
            boolean known = LegacyRecord.KNOWN_FIELDS.contains(name);
            if (value.isStructStart()) {
                parser.skipChildren();
            }
            if (!known) {
                continue;
            }
            if (!seen.add(name)) {
                problem = problem != null ? problem : name + " appears twice";
            } else if (value.isStructStart()) {
                problem = problem != null ? problem : name + " must be a single value, not an object or array";
            } else if (value != JsonToken.VALUE_NULL) {
                fields.put(name, parser.getText());
            }
        }
        return new LegacyRecord(row, fields, problem);
    }

    private void readCsv(Consumer<LegacyRecord> sink) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            CsvRecords records = new CsvRecords(reader);
            CsvRecords.CsvRecord header = records.next();
            if (header == null) {
                throw new LegacyFileUnreadable("the CSV file is empty: it needs a header row");
            }
            List<String> columns = header.fields().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            checkHeader(columns, header.problem());
            int row = 0;
            CsvRecords.CsvRecord record;
            while ((record = records.next()) != null) {
                row++;
                sink.accept(csvRecord(row, columns, record));
            }
        }
    }

    private static void checkHeader(List<String> columns, String problem) {
        if (problem != null) {
            throw new LegacyFileUnreadable("the CSV header row is damaged: " + problem);
        }
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (LegacyRecord.KNOWN_FIELDS.contains(column) && !seen.add(column)) {
                throw new LegacyFileUnreadable("the CSV header names the column " + column + " twice");
            }
        }
        for (String required : List.of(LegacyRecord.MODEL_COUNT, LegacyRecord.CREATED_AT)) {
            if (!seen.contains(required)) {
                throw new LegacyFileUnreadable("the CSV header row has no " + required + " column (it has: "
                        + LogText.quoted(String.join(",", columns)) + "); the first row must name the columns");
            }
        }
    }

    private static LegacyRecord csvRecord(int row, List<String> columns, CsvRecords.CsvRecord record) {
        if (record.problem() != null) {
            return new LegacyRecord(row, Map.of(), record.problem());
        }
        if (record.fields().size() != columns.size()) {
            return new LegacyRecord(row, Map.of(), "it has " + record.fields().size() + " fields where the header has "
                    + columns.size() + " (line " + record.line() + ")");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (LegacyRecord.KNOWN_FIELDS.contains(columns.get(i))) {
                fields.put(columns.get(i), record.fields().get(i));
            }
        }
        return new LegacyRecord(row, fields, null);
    }
}
