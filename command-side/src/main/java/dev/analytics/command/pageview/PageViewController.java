package dev.analytics.command.pageview;

import dev.analytics.command.ingest.FactAppender;
import dev.analytics.command.ratelimit.RateLimitedRoute;
import dev.analytics.command.ratelimit.RateLimiter;
import dev.analytics.command.web.JsonBody;
import dev.analytics.command.web.ClientIpResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /track/pageview}: records a page view.
 *
 * <p>Takes JSON as {@code application/json} or as a {@code text/plain} body: {@code tracking.js} sends text/plain
 * without credentials, which needs no CORS preflight and works with {@code sendBeacon}. Any origin may post; the
 * site's host list decides what counts.
 */
@RestController
@CrossOrigin(origins = "*", allowCredentials = "false", maxAge = 86400)
class PageViewController {

    private final JsonBody jsonBody;
    private final PageViewValidator validator;
    private final FactAppender appender;
    private final ClientIpResolver clientIp;
    private final Clock clock;
    private final RateLimiter rateLimiter;

    PageViewController(JsonBody jsonBody, PageViewValidator validator, FactAppender appender,
                       ClientIpResolver clientIp, Clock clock, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.jsonBody = jsonBody;
        this.validator = validator;
        this.appender = appender;
        this.clientIp = clientIp;
        this.clock = clock;
    }

    @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, for the API description
    @PostMapping(path = "/track/pageview", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<Map<String, String>> record(@RequestBody byte[] body, HttpServletRequest request) {
        rateLimiter.admitIp(RateLimitedRoute.PAGE_VIEW, request);
        PageViewRequest pageView = jsonBody.read(body, PageViewRequest.class);
        PageViewValidator.AcceptedPageView accepted = validator.accept(
                pageView, clientIp.resolve(request), request.getHeader(HttpHeaders.USER_AGENT), clock.instant());
        appender.appendAndWait(accepted.id(), accepted.event());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "accepted"));
    }
}
