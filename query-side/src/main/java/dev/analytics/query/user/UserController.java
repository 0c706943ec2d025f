package dev.analytics.query.user;

import dev.analytics.query.web.Page;
import dev.analytics.query.web.Paging;
import dev.analytics.query.web.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/users}: users with their counts and limits, searched by email or id, sorted and paged. The admin
 * session is checked before this runs.
 */
@RestController
class UserController {

    static final int MAX_SEARCH_LENGTH = 200;

    private final UserQuery query;

    UserController(UserQuery query) {
        this.query = query;
    }

    @GetMapping("/admin/users")
    Page<UserSummary> users(@RequestParam(required = false) String q,
                            @RequestParam(required = false) Integer page,
                            @RequestParam(required = false) Integer size,
                            @RequestParam(required = false) String sort) {
        String search = QueryParameters.optionalText(q, "q", MAX_SEARCH_LENGTH);
        return query.find(search, UserSort.parse(sort), Paging.of(page, size));
    }
}
