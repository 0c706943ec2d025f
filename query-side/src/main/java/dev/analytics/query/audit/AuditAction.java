package dev.analytics.query.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an {@code admin_logs} row records: a stable code, which {@code GET /admin/logs?action=} filters on. */
enum AuditAction {
    ADMIN_LOGIN("admin.login"),
    ADMIN_LOGIN_FAILED("admin.login_failed"),
    ADMIN_LOGOUT("admin.logout"),
    USER_COUNT_RESET("user.count_reset"),
    USER_LIMIT_CHANGED("user.limit_changed"),
    USER_CLAIM_CODE_ISSUED("user.claim_code_issued"),
    USER_CLAIM_CODE_REDEEMED("user.claim_code_redeemed"),
    PROJECTIONS_REBUILD_REQUESTED("projections.rebuild_requested");

    final String code;

    AuditAction(String code) {
        this.code = code;
    }

    static Optional<AuditAction> fromCode(String code) {
        return Arrays.stream(values()).filter(action -> action.code.equals(code)).findFirst();
    }
}
