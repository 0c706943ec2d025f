package dev.analytics.command.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Reads a request body that the controller takes as bytes (because it may arrive as {@code text/plain}, or because
 * JSON is UTF-8 whatever charset the content type names), refusing anything but one JSON object of the expected shape
 * with the service's error: {@code malformed_json}, or {@code invalid_field} naming the field of the wrong type.
 */
@Component
public class JsonBody {

    private final ObjectMapper json;

    JsonBody(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(byte[] body, Class<T> type) {
        try {
            T value = body == null || body.length == 0 ? null : json.readValue(body, type);
            if (value == null) {
                throw notAnObject();
            }
            return value;
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            if (field != null) {
                throw ApiError.invalidField(field, field + " has the wrong type");
            }
            throw notAnObject();
        } catch (IOException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not valid JSON", null);
        }
    }

    private static ApiError notAnObject() {
        return new ApiError(HttpStatus.BAD_REQUEST, "malformed_json", "The body must be a JSON object", null);
    }
}
