package dev.analytics.command.legacy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRecordsTest {

    static List<CsvRecords.CsvRecord> read(String csv) throws IOException {
        CsvRecords records = new CsvRecords(new StringReader(csv));
        List<CsvRecords.CsvRecord> all = new ArrayList<>();
        CsvRecords.CsvRecord record;
        while ((record = records.next()) != null) {
            all.add(record);
        }
        return all;
    }

    static List<List<String>> fields(String csv) throws IOException {
        return read(csv).stream().map(CsvRecords.CsvRecord::fields).toList();
    }

    @Test
    void plainFieldsAndEveryKindOfLineEnd() throws IOException {
        assertThat(fields("a,b\r\n1,2\n3,4\r5,6")).containsExactly(
                List.of("a", "b"), List.of("1", "2"), List.of("3", "4"), List.of("5", "6"));
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws IOException {
        List<CsvRecords.CsvRecord> records = read("id,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"x\r\ny\",\"\"\r\nlast,one\r\n");

        assertThat(records).extracting(CsvRecords.CsvRecord::fields).containsExactly(
                List.of("id", "note"), List.of("a,b", "say \"hi\""), List.of("x\r\ny", ""), List.of("last", "one"));
        assertThat(records).extracting(CsvRecords.CsvRecord::line).containsExactly(1L, 2L, 3L, 5L);
        assertThat(records).extracting(CsvRecords.CsvRecord::problem).containsOnlyNulls();
    }

    @Test
    void emptyFieldsAreKeptAndBlankLinesSkipped() throws IOException {
        assertThat(fields("a,,c,\n\n\r\n,\n")).containsExactly(List.of("a", "", "c", ""), List.of("", ""));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        assertThat(fields("\uFEFFemail,model_count\n")).containsExactly(List.of("email", "model_count"));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsKept() throws IOException {
        assertThat(fields("5\" screen,x\n")).containsExactly(List.of("5\" screen", "x"));
    }

    @Test
    void textAfterAClosingQuoteSpoilsOnlyItsRecord() throws IOException {
        List<CsvRecords.CsvRecord> records = read("\"a\"b,c\nd,e\n");

        assertThat(records.get(0).problem()).contains("text after the closing quote of field 1");
        assertThat(records.get(1).fields()).containsExactly("d", "e");
        assertThat(records.get(1).problem()).isNull();
    }

    @Test
    void aQuoteNeverClosedMakesTheFileUnreadable() {
        assertThatThrownBy(() -> read("a,b\n1,\"2\n3,4\n"))
                .isInstanceOf(LegacyFileUnreadable.class)
                .hasMessageContaining("quoted field opened on line 2 is never closed");
    }

    @Test
    void anAbsurdlyLongFieldMakesTheFileUnreadable() {
        assertThatThrownBy(() -> read("a\n" + "x".repeat(CsvRecords.MAX_FIELD_LENGTH + 1)))
                .isInstanceOf(LegacyFileUnreadable.class)
                .hasMessageContaining("longer than");
    }
}
