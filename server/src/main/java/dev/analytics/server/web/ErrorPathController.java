package dev.analytics.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by Tomcat or a filter) are forwarded to {@code /error}; answer them in the same
 * shape as every other error, instead of Spring Boot's default body.
 */
@Hidden // not an endpoint of the API: the container forwards its errors here
@RestController
class ErrorPathController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiErrors.Body> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // called directly, not forwarded by the container: there is no such resource
            return ApiErrors.of(HttpStatus.NOT_FOUND, "not_found", "No such path", null);
        }
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        return ApiErrors.of(status, ApiErrors.codeFor(status),
                status.is4xxClientError() ? "The request could not be handled" : "Something went wrong on our side",
                null);
    }
}
