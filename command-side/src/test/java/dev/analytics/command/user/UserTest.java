package dev.analytics.command.user;

import dev.analytics.events.AdminActor;
import dev.analytics.events.ClaimCodeIssued;
import dev.analytics.events.ClaimCodeRedeemed;
import dev.analytics.events.ModelCountIncremented;
import dev.analytics.events.ModelLimitChanged;
import dev.analytics.events.UserCountReset;
import dev.analytics.events.UserImported;
import dev.analytics.events.UserRegistered;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

class UserTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String USER_ID = "3f1c2a9e-7b4d-4e2a-9c1f-0a5b6c7d8e9f";
    private static final AdminActor ADMIN = new AdminActor("admin", "ip-hmac");
    private static final String CODE_HASH = "a1".repeat(32);
    private static final String OTHER_HASH = "b2".repeat(32);
    private static final Instant CODE_EXPIRES_AT = NOW.plus(Duration.ofHours(24));
    private static final String SESSION_ID = "c3".repeat(32);

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static UserRegistered registered(int modelLimit) {
        return new UserRegistered(USER_ID, "ada@example.com", "Ada", modelLimit, NOW.minus(Duration.ofDays(1)));
    }

    private static ModelCountIncremented incremented(int modelCount, int modelLimit) {
        return new ModelCountIncremented(USER_ID, modelCount, modelLimit, NOW.minus(Duration.ofHours(1)));
    }

    private static ClaimCodeIssued issued(String codeHash, Instant expiresAt) {
        return new ClaimCodeIssued(USER_ID, codeHash, expiresAt, ADMIN, NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void aRegisteredUserIsRecordedWithEmailNameAndLimitAtTheClocksTime() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(USER_ID, "ada@example.com", "Ada", 10))
                .expectEvents(new UserRegistered(USER_ID, "ada@example.com", "Ada", 10, NOW));
    }

    @Test
    void aUserMayRegisterWithoutEmailOrName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(USER_ID, null, null, 10))
                .expectEvents(new UserRegistered(USER_ID, null, null, 10, NOW));
    }

    @Test
    void registeringWithANegativeLimitIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(USER_ID, "ada@example.com", "Ada", -1))
                .expectException(InvalidModelLimit.class)
                .expectNoEvents();
    }

    @Test
    void anImportedUserKeepsItsCountAndLimitAndItsOriginalCreationTimeAndTheImportHappensNow() {
        Instant createdAt = Instant.parse("2023-06-15T08:30:00Z");
        fixture.givenNoPriorActivity()
                .when(new ImportUser(USER_ID, "old@example.com", 7, 20, "legacy:42", createdAt))
                .expectEvents(new UserImported(USER_ID, "old@example.com", 7, 20, "legacy:42", createdAt, NOW));
    }

    @Test
    void importingWithATooLargeLimitIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ImportUser(USER_ID, "old@example.com", 7, User.MAX_MODEL_LIMIT + 1, "legacy:42", NOW))
                .expectException(InvalidModelLimit.class)
                .expectNoEvents();
    }

    @Test
    void anIncrementBelowTheLimitCountsOneMoreModel() {
        fixture.given(registered(10), incremented(1, 10), incremented(2, 10), incremented(3, 10))
                .when(new IncrementModelCount(USER_ID))
                .expectEvents(new ModelCountIncremented(USER_ID, 4, 10, NOW))
                .expectResultMessagePayload(new ModelCount(true, 4, 10));
    }

    @Test
    void anIncrementForAnImportedUserContinuesFromTheImportedCount() {
        fixture.given(new UserImported(USER_ID, "old@example.com", 7, 20, "legacy:42", NOW.minus(Duration.ofDays(400)),
                        NOW.minus(Duration.ofDays(1))))
                .when(new IncrementModelCount(USER_ID))
                .expectEvents(new ModelCountIncremented(USER_ID, 8, 20, NOW))
                .expectResultMessagePayload(new ModelCount(true, 8, 20));
    }

    @Test
    void theLastIncrementUpToTheLimitIsCounted() {
        fixture.given(registered(2), incremented(1, 2))
                .when(new IncrementModelCount(USER_ID))
                .expectEvents(new ModelCountIncremented(USER_ID, 2, 2, NOW))
                .expectResultMessagePayload(new ModelCount(true, 2, 2));
    }

    @Test
    void anIncrementAtTheLimitIsRefusedWithoutAnEvent() {
        fixture.given(registered(2), incremented(1, 2), incremented(2, 2))
                .when(new IncrementModelCount(USER_ID))
                .expectNoEvents()
                .expectResultMessagePayload(new ModelCount(false, 2, 2));
    }

    @Test
    void aUserWithLimitZeroCannotGenerateAnything() {
        fixture.given(registered(0))
                .when(new IncrementModelCount(USER_ID))
                .expectNoEvents()
                .expectResultMessagePayload(new ModelCount(false, 0, 0));
    }

    @Test
    void anAdminResetRecordsTheCountItCleared() {
        fixture.given(registered(2), incremented(1, 2), incremented(2, 2))
                .when(new ResetUserCount(USER_ID, "support ticket 17", ADMIN))
                .expectEvents(new UserCountReset(USER_ID, 2, "support ticket 17", ADMIN, NOW));
    }

    @Test
    void afterAResetTheNextIncrementCountsFromZero() {
        fixture.given(registered(2), incremented(1, 2), incremented(2, 2),
                        new UserCountReset(USER_ID, 2, null, ADMIN, NOW.minus(Duration.ofMinutes(5))))
                .when(new IncrementModelCount(USER_ID))
                .expectEvents(new ModelCountIncremented(USER_ID, 1, 2, NOW))
                .expectResultMessagePayload(new ModelCount(true, 1, 2));
    }

    @Test
    void anAdminLimitChangeRecordsThePreviousAndTheNewLimit() {
        fixture.given(registered(10))
                .when(new ChangeModelLimit(USER_ID, 25, ADMIN))
                .expectEvents(new ModelLimitChanged(USER_ID, 10, 25, ADMIN, NOW));
    }

    @Test
    void settingTheSameLimitRecordsNothing() {
        fixture.given(registered(10))
                .when(new ChangeModelLimit(USER_ID, 10, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNegativeLimitIsRefused() {
        fixture.given(registered(10))
                .when(new ChangeModelLimit(USER_ID, -1, ADMIN))
                .expectException(InvalidModelLimit.class)
                .expectNoEvents();
    }

    @Test
    void aLimitAboveTheMaximumIsRefused() {
        fixture.given(registered(10))
                .when(new ChangeModelLimit(USER_ID, User.MAX_MODEL_LIMIT + 1, ADMIN))
                .expectException(InvalidModelLimit.class)
                .expectNoEvents();
    }

    @Test
    void theMaximumLimitItselfIsAllowed() {
        fixture.given(registered(10))
                .when(new ChangeModelLimit(USER_ID, User.MAX_MODEL_LIMIT, ADMIN))
                .expectEvents(new ModelLimitChanged(USER_ID, 10, User.MAX_MODEL_LIMIT, ADMIN, NOW));
    }

    @Test
    void aRaisedLimitAllowsAFurtherIncrement() {
        fixture.given(registered(2), incremented(1, 2), incremented(2, 2),
                        new ModelLimitChanged(USER_ID, 2, 3, ADMIN, NOW.minus(Duration.ofMinutes(5))))
                .when(new IncrementModelCount(USER_ID))
                .expectEvents(new ModelCountIncremented(USER_ID, 3, 3, NOW))
                .expectResultMessagePayload(new ModelCount(true, 3, 3));
    }

    @Test
    void aLimitLoweredBelowTheCountRefusesIncrements() {
        fixture.given(registered(10), incremented(1, 10), incremented(2, 10), incremented(3, 10),
                        new ModelLimitChanged(USER_ID, 10, 1, ADMIN, NOW.minus(Duration.ofMinutes(5))))
                .when(new IncrementModelCount(USER_ID))
                .expectNoEvents()
                .expectResultMessagePayload(new ModelCount(false, 3, 1));
    }

    @Test
    void anAdminIssuesAClaimCodeByItsHash() {
        fixture.given(registered(10))
                .when(new IssueClaimCode(USER_ID, CODE_HASH, CODE_EXPIRES_AT, ADMIN))
                .expectEvents(new ClaimCodeIssued(USER_ID, CODE_HASH, CODE_EXPIRES_AT, ADMIN, NOW));
    }

    @Test
    void theRightCodeBeforeItsExpiryBindsTheSessionToTheUser() {
        fixture.given(registered(10), issued(CODE_HASH, CODE_EXPIRES_AT))
                .when(new RedeemClaimCode(USER_ID, CODE_HASH, SESSION_ID))
                .expectEvents(new ClaimCodeRedeemed(USER_ID, CODE_HASH, SESSION_ID, NOW));
    }

    @Test
    void aCodeWorksOnlyOnce() {
        fixture.given(registered(10), issued(CODE_HASH, CODE_EXPIRES_AT),
                        new ClaimCodeRedeemed(USER_ID, CODE_HASH, SESSION_ID, NOW.minus(Duration.ofMinutes(5))))
                .when(new RedeemClaimCode(USER_ID, CODE_HASH, "d4".repeat(32)))
                .expectException(ClaimCodeRefused.class)
                .expectNoEvents();
    }

    @Test
    void aWrongCodeIsRefused() {
        fixture.given(registered(10), issued(CODE_HASH, CODE_EXPIRES_AT))
                .when(new RedeemClaimCode(USER_ID, OTHER_HASH, SESSION_ID))
                .expectException(ClaimCodeRefused.class)
                .expectNoEvents();
    }

    @Test
    void aCodeIsRefusedWhenNoneWasIssued() {
        fixture.given(registered(10))
                .when(new RedeemClaimCode(USER_ID, CODE_HASH, SESSION_ID))
                .expectException(ClaimCodeRefused.class)
                .expectNoEvents();
    }

    @Test
    void anExpiredCodeIsRefused() {
        fixture.given(registered(10), issued(CODE_HASH, NOW.minus(Duration.ofMinutes(1))))
                .when(new RedeemClaimCode(USER_ID, CODE_HASH, SESSION_ID))
                .expectException(ClaimCodeRefused.class)
                .expectNoEvents();
    }

    @Test
    void aCodeIsRefusedAtTheInstantItExpires() {
        fixture.given(registered(10), issued(CODE_HASH, NOW))
                .when(new RedeemClaimCode(USER_ID, CODE_HASH, SESSION_ID))
                .expectException(ClaimCodeRefused.class)
                .expectNoEvents();
    }

    @Test
    void aNewerCodeReplacesTheOlderOne() {
        fixture.given(registered(10), issued(CODE_HASH, CODE_EXPIRES_AT), issued(OTHER_HASH, CODE_EXPIRES_AT))
                .when(new RedeemClaimCode(USER_ID, CODE_HASH, SESSION_ID))
                .expectException(ClaimCodeRefused.class)
                .expectNoEvents();
    }

    @Test
    void theNewerCodeIsTheOneThatWorks() {
        fixture.given(registered(10), issued(CODE_HASH, CODE_EXPIRES_AT), issued(OTHER_HASH, CODE_EXPIRES_AT))
                .when(new RedeemClaimCode(USER_ID, OTHER_HASH, SESSION_ID))
                .expectEvents(new ClaimCodeRedeemed(USER_ID, OTHER_HASH, SESSION_ID, NOW));
    }
}
