package dev.analytics.server.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders every refusal in the service's one error shape: {@code {"error","message","field"?}}. {@code error} is a
 * stable code for programs, {@code message} a sentence for people. No stack trace ever leaves the server.
 */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** The error body; {@code details} are extra top-level fields some refusals carry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"error", "message", "field"})
    public record Body(String error, String message, String field,
                       @JsonIgnore Map<String, Object> details) {

        @JsonAnyGetter
        Map<String, Object> anyDetails() {
            return details;
        }
    }

    public static ResponseEntity<Body> of(HttpStatusCode status, String error, String message, String field) {
        return of(status, error, message, field, Map.of());
    }

    static ResponseEntity<Body> of(HttpStatusCode status, String error, String message, String field,
                                   Map<String, Object> details) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new Body(error, message, field, details));
    }

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<Body> refused(ErrorResponseException e) {
        var properties = e.getBody().getProperties();
        String error = properties != null && properties.get("error") instanceof String code ? code
                : codeFor(e.getStatusCode());
        String field = properties != null && properties.get("field") instanceof String name ? name : null;
        String message = e.getBody().getDetail() != null ? e.getBody().getDetail() : e.getBody().getTitle();
        Map<String, Object> details = new LinkedHashMap<>(properties == null ? Map.of() : properties);
        details.remove("error");
        details.remove("field");
        // such as Retry-After and RateLimit-* on a 429
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).contentType(MediaType.APPLICATION_JSON)
                .body(new Body(error, message, field, details));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Body> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        return of(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not valid JSON of the expected shape", null);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Body> tooLarge(BodyTooLargeException e) {
        return of(HttpStatus.PAYLOAD_TOO_LARGE, "body_too_large", e.getMessage(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Body> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Send the body as one of: " + e.getSupportedMediaTypes(), null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Body> missingParameter(MissingServletRequestParameterException e) {
        return of(HttpStatus.BAD_REQUEST, "invalid_field", e.getParameterName() + " is required", e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Body> typeMismatch(MethodArgumentTypeMismatchException e) {
        return of(HttpStatus.BAD_REQUEST, "invalid_field", e.getName() + " has the wrong format", e.getName());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Body> notFound(Exception e) {
        return of(HttpStatus.NOT_FOUND, "not_found", "No such path", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Body> unexpected(Exception e) {
        if (e instanceof ErrorResponse known) {
            // Spring's own web exceptions (wrong method, unacceptable type, ...) carry their status.
            HttpStatusCode status = known.getStatusCode();
            return of(status, codeFor(status), known.getBody().getDetail(), null);
        }
        log.error("Unexpected error", e);
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side", null);
    }

    static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }
}
