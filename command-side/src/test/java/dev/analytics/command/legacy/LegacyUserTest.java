package dev.analytics.command.legacy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyUserTest {

    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    static LegacyUser check(String... keysAndValues) throws LegacyUser.Rejected {
        return check(new LegacyUser.ContentOccurrences(), keysAndValues);
    }

    static LegacyUser check(LegacyUser.ContentOccurrences occurrences, String... keysAndValues)
            throws LegacyUser.Rejected {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return LegacyUser.from(new LegacyRecord(1, fields, null), 10, NOW, occurrences);
    }

    @Test
    void aFullRowKeepsItsFiguresAndNormalisesTheEmail() throws LegacyUser.Rejected {
        LegacyUser user = check("email", "  Ada@Example.COM ", "model_count", "7", "model_limit", "25",
                "created_at", "2023-04-01T12:00:00Z");

        assertThat(user.email()).isEqualTo("ada@example.com");
        assertThat(user.modelCount()).isEqualTo(7);
        assertThat(user.modelLimit()).isEqualTo(25);
        assertThat(user.createdAt()).isEqualTo(Instant.parse("2023-04-01T12:00:00Z"));
        assertThat(user.sourceKey()).isEqualTo("email:ada@example.com");
    }

    @Test
    void aMissingLimitIsTheDefault() throws LegacyUser.Rejected {
        assertThat(check("model_count", "0", "created_at", "2023-04-01").modelLimit()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({
            "2023-04-01T12:00:00Z,        2023-04-01T12:00:00Z",
            "2023-04-01T14:00:00+02:00,   2023-04-01T12:00:00Z",
            "2023-04-01T12:00:00.250Z,    2023-04-01T12:00:00.250Z",
            "2023-04-01 12:00:00Z,        2023-04-01T12:00:00Z",
            "2023-04-01,                  2023-04-01T00:00:00Z",
    })
    void createdAtForms(String written, String meant) throws LegacyUser.Rejected {
        assertThat(check("model_count", "0", "created_at", written).createdAt()).isEqualTo(Instant.parse(meant));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            email=not-an-address                  | email is not a valid address
            model_count=-1                        | model_count must be between 0 and 2147483647, not -1
            model_count=lots                      | model_count is not a whole number: "lots"
            model_count=2.5                       | model_count is not a whole number: "2.5"
            model_limit=1000001                   | model_limit must be between 0 and 1000000, not 1000001
            created_at=2023-04-01T12:00:00        | created_at has no time zone offset
            created_at=01/04/2023                 | created_at is not an ISO-8601 date or date-time: "01/04/2023"
            created_at=2023-02-30                 | created_at is not an ISO-8601
            created_at=2999-01-01                 | created_at is in the future
            """)
    void badValuesAreRejectedWithAReason(String field, String reason) {
        String[] parts = field.split("=", 2);
        Map<String, String> fields = new HashMap<>(Map.of("email", "ok@example.com", "model_count", "1",
                "created_at", "2023-04-01"));
        fields.put(parts[0], parts[1]);

        assertThatThrownBy(() -> LegacyUser.from(new LegacyRecord(1, fields, null), 10, NOW,
                new LegacyUser.ContentOccurrences()))
                .isInstanceOf(LegacyUser.Rejected.class)
                .hasMessageContaining(reason);
    }

    @Test
    void missingRequiredFieldsAreRejected() {
        assertThatThrownBy(() -> check("created_at", "2023-04-01")).hasMessage("model_count is missing");
        assertThatThrownBy(() -> check("model_count", "1")).hasMessage("created_at is missing");
    }

    @Test
    void aReasonNeverHoldsTheEmail() {
        assertThatThrownBy(() -> check("email", "secret.person@", "model_count", "1", "created_at", "2023-04-01"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret.person"));
    }

    @Test
    void valuesInReasonsCannotForgeLogLines() {
        assertThatThrownBy(() -> check("model_count", "1\r\nINFO forged", "created_at", "2023-04-01"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n").contains("\\r\\n"));
    }

    @Test
    void theUserIdIsTheSameOnEveryRunAndPrefersTheLegacyId() throws LegacyUser.Rejected {
        LegacyUser byId = check("id", "42", "email", "a@example.com", "model_count", "1", "created_at", "2023-04-01");
        LegacyUser sameIdNewEmail = check("id", "42", "email", "b@example.com", "model_count", "3",
                "created_at", "2023-04-01");
        LegacyUser byEmail = check("email", "A@example.com", "model_count", "1", "created_at", "2023-04-01");

        assertThat(byId.userId()).isEqualTo(sameIdNewEmail.userId());
        assertThat(byEmail.userId()).isEqualTo(check("email", "a@example.com", "model_count", "9",
                "created_at", "2024-01-01").userId()).isNotEqualTo(byId.userId());
    }

    @Test
    void identicalRowsWithoutIdOrEmailStayDistinctUsersYetStableAcrossRuns() throws LegacyUser.Rejected {
        LegacyUser.ContentOccurrences firstRun = new LegacyUser.ContentOccurrences();
        String first = check(firstRun, "model_count", "2", "created_at", "2023-04-01").userId();
        String second = check(firstRun, "model_count", "2", "created_at", "2023-04-01T00:00:00Z").userId();
        LegacyUser.ContentOccurrences secondRun = new LegacyUser.ContentOccurrences();

        assertThat(first).isNotEqualTo(second);
        assertThat(check(secondRun, "model_count", "2", "created_at", "2023-04-01").userId()).isEqualTo(first);
        assertThat(check(secondRun, "model_count", "2", "created_at", "2023-04-01").userId()).isEqualTo(second);
    }
}
