package dev.analytics.query.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A {@code 400 invalid_field} for a query parameter, in the service's one error shape (rendered by the server). */
public class InvalidParameter extends ErrorResponseException {

    public InvalidParameter(String field, String message) {
        super(HttpStatus.BAD_REQUEST, problem(field, message), null);
    }

    private static ProblemDetail problem(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        problem.setProperty("error", "invalid_field");
        problem.setProperty("field", field);
        return problem;
    }
}
