package dev.analytics.command.legacy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyUserFileTest {

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    List<LegacyRecord> records(Path file) {
        List<LegacyRecord> all = new ArrayList<>();
        LegacyUserFile.open(file).forEach(all::add);
        return all;
    }

    @Test
    void aJsonArrayGivesOneRecordPerElementWithItsKnownFieldsAsText() throws IOException {
        Path file = write("users.json", """
                [{"email":"a@example.com","model_count":3,"model_limit":null,"created_at":"2023-04-01","name":"Ada"},
                 {"ID":17,"Model_Count":"4","created_at":"2023-04-02T10:00:00Z"},
                 "not a user",
                 {"model_count":{"n":1}},
                 {"email":"x@example.com","EMAIL":"y@example.com","model_count":1}]""");

        assertThat(LegacyUserFile.open(file).count()).isEqualTo(5);
        assertThat(records(file)).containsExactly(
                new LegacyRecord(1, Map.of("email", "a@example.com", "model_count", "3", "created_at", "2023-04-01"),
                        null),
                new LegacyRecord(2, Map.of("id", "17", "model_count", "4", "created_at", "2023-04-02T10:00:00Z"),
                        null),
                new LegacyRecord(3, Map.of(), "not a JSON object"),
                new LegacyRecord(4, Map.of(), "model_count must be a single value, not an object or array"),
                new LegacyRecord(5, Map.of("email", "x@example.com", "model_count", "1"), "email appears twice"));
    }

    @Test
    void aJsonObjectHoldsTheUsersInUsers() throws IOException {
        Path file = write("export", "{\"exportedAt\":\"2024-01-01\",\"users\":[{\"model_count\":1}]}");

        assertThat(LegacyUserFile.open(file).format()).isEqualTo(LegacyUserFile.Format.JSON);
        assertThat(records(file)).extracting(r -> r.fields().get("model_count")).containsExactly("1");
    }

    @Test
    void aCsvFileIsReadByItsHeaderWhateverTheColumnOrder() throws IOException {
        Path file = write("users.csv", "\uFEFFCreated_At, model_count ,email,notes\r\n"
                + "2023-04-01,2,\"b@example.com\",\"likes, commas\"\r\n"
                + "2023-04-02,5\r\n");

        assertThat(records(file)).containsExactly(
                new LegacyRecord(1, Map.of("created_at", "2023-04-01", "model_count", "2", "email", "b@example.com"),
                        null),
                new LegacyRecord(2, Map.of(), "it has 2 fields where the header has 4 (line 3)"));
    }

    @Test
    void theFormatOfAFileWithoutAKnownExtensionIsSniffed() throws IOException {
        assertThat(LegacyUserFile.open(write("a.txt", "  \n[]")).format()).isEqualTo(LegacyUserFile.Format.JSON);
        assertThat(LegacyUserFile.open(write("b.txt", "email,model_count")).format())
                .isEqualTo(LegacyUserFile.Format.CSV);
    }

    @Test
    void filesThatCannotBeReadAsAWholeAreRefusedBeforeAnyRecord() throws IOException {
        assertThatThrownBy(() -> LegacyUserFile.open(dir.resolve("missing.json")))
                .hasMessage("there is no such file");
        assertThatThrownBy(() -> LegacyUserFile.open(dir)).hasMessage("it is not a regular file");
        assertThatThrownBy(() -> LegacyUserFile.open(write("broken.json", "[{\"model_count\":1},\n{\"model"))
                .count()).isInstanceOf(LegacyFileUnreadable.class).hasMessageContaining("not valid JSON at line 2");
        assertThatThrownBy(() -> LegacyUserFile.open(write("object.json", "{\"people\":[]}")).count())
                .hasMessageContaining("\"users\"");
        assertThatThrownBy(() -> LegacyUserFile.open(write("scalar.json", "42")).count())
                .hasMessageContaining("must be an array");
        assertThatThrownBy(() -> LegacyUserFile.open(write("trailing.json", "[] []")).count())
                .hasMessageContaining("more JSON after the users");
        assertThatThrownBy(() -> LegacyUserFile.open(write("empty.csv", "")).count())
                .hasMessageContaining("needs a header row");
        assertThatThrownBy(() -> LegacyUserFile.open(write("headerless.csv", "a@example.com,1,2023-04-01\n"))
                .count()).hasMessageContaining("no model_count column");
        assertThatThrownBy(() -> LegacyUserFile.open(write("twice.csv", "model_count,created_at,model_count\n"))
                .count()).hasMessageContaining("column model_count twice");
        Path latin1 = Files.write(dir.resolve("latin1.csv"),
                "model_count,created_at,email\n1,2023-04-01,jos\u00e9@example.com\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> LegacyUserFile.open(latin1).count()).hasMessage("the file is not UTF-8");
    }
}
