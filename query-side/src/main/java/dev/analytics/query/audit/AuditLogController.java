package dev.analytics.query.audit;

import dev.analytics.query.web.InvalidParameter;
import dev.analytics.query.web.Page;
import dev.analytics.query.web.Paging;
import dev.analytics.query.web.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;

/**
 * {@code GET /admin/logs}: the audit trail, newest first, optionally one action only. The admin session is checked
 * before this runs.
 */
@RestController
class AuditLogController {

    private final AuditLogQuery query;

    AuditLogController(AuditLogQuery query) {
        this.query = query;
    }

    @GetMapping("/admin/logs")
    Page<AuditLogEntry> logs(@RequestParam(required = false) String action,
                             @RequestParam(required = false) Integer page,
                             @RequestParam(required = false) Integer size) {
        String code = QueryParameters.optionalText(action, "action", 64);
        AuditAction filter = code == null ? null : AuditAction.fromCode(code).orElseThrow(() -> new InvalidParameter(
                "action", "action must be one of " + Arrays.stream(AuditAction.values()).map(a -> a.code).toList()));
        return query.find(filter, Paging.of(page, size));
    }
}
