package dev.analytics.command.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.Map;

/**
 * A refusal with the service's one error shape: {@code {"error":"<code>","message":"<text>","field":"<name>"}}, plus
 * any details a client needs to act on it (such as the current figures with {@code limit_reached}). The server
 * renders every {@link ErrorResponseException} in that shape; this class only names the parts.
 */
public class ApiError extends ErrorResponseException {

    public ApiError(HttpStatus status, String error, String message, String field) {
        this(status, error, message, field, Map.of());
    }

    public ApiError(HttpStatus status, String error, String message, String field, Map<String, ?> details) {
        super(status, problem(status, error, message, field, details), null);
    }

    public static ApiError invalidField(String field, String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, "invalid_field", message, field);
    }

    private static ProblemDetail problem(HttpStatus status, String error, String message, String field,
                                         Map<String, ?> details) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        details.forEach(problem::setProperty);
        problem.setProperty("error", error);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
