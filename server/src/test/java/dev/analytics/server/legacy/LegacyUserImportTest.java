package dev.analytics.server.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analytics.command.legacy.ImportLegacyUser;
import dev.analytics.command.legacy.ImportOutcome;
import dev.analytics.command.legacy.LegacyImport;
import dev.analytics.command.legacy.LegacyImportReport;
import dev.analytics.command.legacy.LegacyImportReport.Rejection;
import dev.analytics.command.user.UserView;
import dev.analytics.command.user.Users;
import dev.analytics.server.support.Api;
import dev.analytics.server.support.MutableClock;
import dev.analytics.server.support.ServerTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import of users from the old system's export (ANALYTICS_LEGACY_USERS), through the real server on real
 * Postgres: at start-up, again (idempotent), in both formats, with bad rows, and against emails already taken.
 */
@ServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyUserImportTest {

    static final Path DIR = createDirectory();

    /** The file the server imports at start-up: three good users and one bad row. */
    static final Path AT_START = write("at-start.json", """
            {"exportedAt": "2024-06-01", "users": [
              {"email": "Ada@Example.com", "model_count": 7, "model_limit": 25, "created_at": "2023-04-01T12:00:00Z"},
              {"id": 42, "model_count": "0", "created_at": "2022-01-15T09:30:00+01:00", "name": "ignored"},
              {"email": "nobody-at-all", "model_count": 1, "created_at": "2023-01-01"},
              {"model_count": 3, "model_limit": 3, "created_at": "2021-12-24"}
            ]}""");

    @LocalServerPort
    int port;
    @Autowired
    LegacyImport legacyImport;
    @Autowired
    Users users;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    MutableClock clock;

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void legacyUsers(DynamicPropertyRegistry registry) {
        registry.add("analytics.legacy-users", AT_START::toString);
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
    }

    static Path createDirectory() {
        try {
            return Files.createTempDirectory("legacy-users-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(String name, String content) {
        try {
            return Files.writeString(DIR.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UserImported event as stored: the aggregate, and the payload's JSON. */
    record Imported(String userId, JsonNode payload) {
        String createdAt() {
            return payload.get("createdAt").asText();
        }
    }

    /** Every UserImported event in the store, by the user's legacy creation time. */
    Map<String, Imported> importedEvents() {
        return jdbc.query("SELECT aggregate_identifier, convert_from(payload, 'UTF8') FROM domain_event_entry"
                        + " WHERE payload_type = 'dev.analytics.events.UserImported'",
                (rs, n) -> new Imported(rs.getString(1), readJson(rs.getString(2)))).stream()
                .collect(Collectors.toMap(Imported::createdAt, e -> e));
    }

    static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    UserView user(Imported event) {
        return users.find(event.userId()).orElseThrow();
    }

    long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    @Test
    @Order(1) // reads the start-up import's report, which later tests' imports replace
    void theFileIsImportedAtStartUpWithEachUsersFiguresAndOriginalCreationTime() {
        LegacyImportReport report = legacyImport.lastReport().orElseThrow();

        assertThat(report.format()).isEqualTo("JSON");
        assertThat(report.rows()).isEqualTo(4);
        assertThat(report.imported()).isEqualTo(3);
        assertThat(report.alreadyImported()).isZero();
        assertThat(report.rejections()).containsExactly(new Rejection(3, "email is not a valid address"));

        Map<String, Imported> events = importedEvents();
        assertThat(events).containsOnlyKeys("2023-04-01T12:00:00Z", "2022-01-15T08:30:00Z", "2021-12-24T00:00:00Z");
        Imported ada = events.get("2023-04-01T12:00:00Z");
        assertThat(Instant.parse(ada.payload().get("occurredAt").asText()))
                .as("the event's own time is the import's, from the service's clock").isEqualTo(clock.instant());
        assertThat(user(ada)).extracting(UserView::email, UserView::modelCount, UserView::modelLimit)
                .containsExactly("ada@example.com", 7, 25);
        assertThat(user(events.get("2022-01-15T08:30:00Z")))
                .extracting(UserView::email, UserView::modelCount, UserView::modelLimit)
                .containsExactly(null, 0, 10); // the default limit
        assertThat(user(events.get("2021-12-24T00:00:00Z")))
                .extracting(UserView::modelCount, UserView::modelLimit, UserView::remaining)
                .containsExactly(3, 3, 0);
        assertThat(jdbc.queryForObject("SELECT user_id FROM user_emails WHERE email = 'ada@example.com'",
                String.class)).isEqualTo(ada.userId());

        // A bad row did not keep the server from serving.
        assertThat(new Api(port).get("/health").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aSecondRunImportsNothingNew() {
        long before = storedEvents();

        LegacyImportReport again = legacyImport.importFile(AT_START);

        assertThat(again.imported()).isZero();
        assertThat(again.alreadyImported()).isEqualTo(3);
        assertThat(again.rejections()).containsExactly(new Rejection(3, "email is not a valid address"));
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(legacyImport.lastReport()).contains(again);
    }

    @Test
    void aCsvFileIsImportedLikeJson() {
        Path csv = write("users.csv", "\uFEFFid,email,model_count,model_limit,created_at,name\r\n"
                + "\"csv,1\",grace@example.com,12,50,2020-02-29T23:59:59Z,\"Hopper, Grace \"\"Amazing\"\"\"\r\n"
                + ",,4,,2020-03-01,\"two\r\nlines\"\r\n"
                + "\r\n"
                + "csv-3,,0,0,2020-03-02 08:00:00+00:00,\r\n");

        LegacyImportReport report = legacyImport.importFile(csv);

        assertThat(report.format()).isEqualTo("CSV");
        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.imported()).isEqualTo(3);
        assertThat(report.rejections()).isEmpty();
        Map<String, Imported> events = importedEvents();
        assertThat(user(events.get("2020-02-29T23:59:59Z")))
                .extracting(UserView::email, UserView::modelCount, UserView::modelLimit)
                .containsExactly("grace@example.com", 12, 50);
        assertThat(user(events.get("2020-03-01T00:00:00Z")))
                .extracting(UserView::email, UserView::modelCount, UserView::modelLimit)
                .containsExactly(null, 4, 10);
        assertThat(user(events.get("2020-03-02T08:00:00Z")))
                .extracting(UserView::modelCount, UserView::modelLimit).containsExactly(0, 0);
        assertThat(events.get("2020-02-29T23:59:59Z").payload().get("sourceKey").asText()).isEqualTo("id:csv,1");

        assertThat(legacyImport.importFile(csv).alreadyImported()).isEqualTo(3);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void badRowsAreRejectedWithTheirReasonsAndTheGoodOnesStillImported(CapturedOutput output) {
        Path file = write("bad-rows.json", """
                [
                  {"email": "good.one@example.com", "model_count": 1, "created_at": "2019-05-01T00:00:00Z"},
                  {"email": "private.person@", "model_count": 1, "created_at": "2019-05-02T00:00:00Z"},
                  {"email": "negative@example.com", "model_count": -2, "created_at": "2019-05-03T00:00:00Z"},
                  {"email": "limit@example.com", "model_count": 1, "model_limit": 2000000, "created_at": "2019-05-04"},
                  {"email": "date@example.com", "model_count": 1, "created_at": "yesterday\\r\\nINFO forged line"},
                  {"email": "local@example.com", "model_count": 1, "created_at": "2019-05-06T10:00:00"},
                  {"email": "future@example.com", "model_count": 1, "created_at": "2999-01-01"},
                  {"email": "nodate@example.com", "model_count": 1},
                  ["not", "an", "object"],
                  {"email": "good.two@example.com", "model_count": "5", "created_at": "2019-05-10"}
                ]""");

        LegacyImportReport report = legacyImport.importFile(file);

        assertThat(report.rows()).isEqualTo(10);
        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(8);
        assertThat(report.rejections()).containsExactly(
                new Rejection(2, "email is not a valid address"),
                new Rejection(3, "model_count must be between 0 and 2147483647, not -2"),
                new Rejection(4, "model_limit must be between 0 and 1000000, not 2000000"),
                new Rejection(5, "created_at is not an ISO-8601 date or date-time: \"yesterday\\r\\nINFO forged line\""),
                new Rejection(6, "created_at has no time zone offset (add Z for UTC): \"2019-05-06T10:00:00\""),
                new Rejection(7, "created_at is in the future: \"2999-01-01\""),
                new Rejection(8, "created_at is missing"),
                new Rejection(9, "not a JSON object"));
        Map<String, Imported> events = importedEvents();
        assertThat(user(events.get("2019-05-01T00:00:00Z")).email()).isEqualTo("good.one@example.com");
        assertThat(user(events.get("2019-05-10T00:00:00Z")).modelCount()).isEqualTo(5);
        assertThat(events.values()).noneMatch(e -> e.payload().get("email").asText().startsWith("negative"));

        // Logged row by row, without emails, and without letting a value start a line of its own.
        assertThat(output).contains("row 2 of 10 rejected: email is not a valid address",
                "row 5 of 10 rejected: created_at is not an ISO-8601 date or date-time: \"yesterday\\r\\nINFO forged");
        assertThat(output).doesNotContain("private.person", "negative@example.com");
        assertThat(output).doesNotContain("AggregateNotFoundException"); // no stack trace per new user
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("INFO forged line"));
    }

    @Test
    void anEmailAlreadyRegisteredIsRejectedAndStaysItsOwners() {
        Api.Response signUp = new Api(port).postJson("/auth/create-session", "{\"email\":\"taken@example.com\"}");
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(200);
        String owner = signUp.json().get("user").get("id").asText();
        Path file = write("taken.csv", """
                email,model_count,created_at
                " Taken@Example.COM ",9,2018-01-01
                free@example.com,2,2018-01-02
                """);

        LegacyImportReport report = legacyImport.importFile(file);

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejections()).containsExactly(new Rejection(1, "the email already belongs to another user"));
        assertThat(jdbc.queryForObject("SELECT user_id FROM user_emails WHERE email = 'taken@example.com'",
                String.class)).isEqualTo(owner);
        assertThat(users.find(owner).orElseThrow().modelCount()).isZero();
        assertThat(importedEvents()).doesNotContainKey("2018-01-01T00:00:00Z").containsKey("2018-01-02T00:00:00Z");
    }

    /**
     * The import checks that a user exists before sending the command; these are the answers when another import
     * gets there between that check and the commit. Creating an existing aggregate fails with Axon's
     * AggregateStreamCreationException (not a ConcurrencyException, so the gateway does not retry it).
     */
    @Test
    void aUserCreatedByAConcurrentImportIsReportedAsAlreadyImportedAndNothingIsWritten() {
        Path file = write("race.json", """
                [{"email": "race@example.com", "model_count": 1, "created_at": "2017-01-01"},
                 {"id": "race-2", "model_count": 1, "created_at": "2017-01-02"}]""");
        assertThat(legacyImport.importFile(file).imported()).isEqualTo(2);
        Map<String, Imported> events = importedEvents();
        Imported withEmail = events.get("2017-01-01T00:00:00Z");
        Imported withoutEmail = events.get("2017-01-02T00:00:00Z");
        Instant createdAt = Instant.parse("2017-01-01T00:00:00Z");
        long before = storedEvents();

        ImportOutcome sameEmail = commands.sendAndWait(new ImportLegacyUser(withEmail.userId(), "race@example.com",
                1, 10, "email:race@example.com", createdAt));
        ImportOutcome otherUsersEmail = commands.sendAndWait(new ImportLegacyUser(withoutEmail.userId(),
                "race@example.com", 1, 10, "id:race-2", createdAt));

        assertThat(sameEmail).isEqualTo(ImportOutcome.ALREADY_IMPORTED);
        assertThat(otherUsersEmail).isEqualTo(ImportOutcome.EMAIL_IN_USE);
        assertThatThrownBy(() -> commands.sendAndWait(new ImportLegacyUser(withoutEmail.userId(), null, 1, 10,
                "id:race-2", createdAt))).isInstanceOf(AggregateStreamCreationException.class);
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(List.of(user(withEmail).modelCount(), user(withoutEmail).modelCount())).containsOnly(1);
    }
}
