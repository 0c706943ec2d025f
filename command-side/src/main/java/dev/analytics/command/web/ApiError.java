package dev.analytics.command.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal with the service's one error shape: {@code {"error":"<code>","message":"<text>","field":"<name>"}}.
 * The server renders every {@link ErrorResponseException} in that shape; this class only names the parts.
 */
public class ApiError extends ErrorResponseException {

    public ApiError(HttpStatus status, String error, String message, String field) {
        super(status, problem(status, error, message, field), null);
    }

    public static ApiError invalidField(String field, String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, "invalid_field", message, field);
    }

    private static ProblemDetail problem(HttpStatus status, String error, String message, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        problem.setProperty("error", error);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
