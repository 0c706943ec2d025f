package dev.analytics.server.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.analytics.server.openapi.ApiDescriptionConfiguration.ADMIN_SESSION;
import static dev.analytics.server.openapi.ApiDescriptionConfiguration.CSRF_TOKEN;
import static dev.analytics.server.openapi.ApiDescriptionConfiguration.USER_SESSION;

/**
 * Adds to every operation the refusals it can answer with, each described by the {@code ApiError} schema, and the
 * credentials it needs. springdoc cannot see either: refusals are thrown as exceptions, and sessions are checked by
 * an interceptor ({@code /admin/**}) or inside the handler (the end user's).
 *
 * <p>Most refusals follow from what an operation is: any path can be refused by the path firewall, a body can be
 * malformed, too large or of the wrong type, and the admin API needs a session (and for writes, the CSRF token and
 * the dashboard's origin). The rest are particular to one route and listed in {@link #ROUTES}: a new endpoint with a
 * refusal of its own (a {@code 409}, say) belongs there.
 */
class ErrorResponses implements OpenApiCustomizer {

    /** The schema every refusal is described with: the body {@code web.ApiErrors} writes. */
    static final String ERROR_SCHEMA = "ApiError";

    /** Routes the end user's {@code session} cookie guards; every other route outside {@code /admin/} is public. */
    private static final Set<String> END_USER_ROUTES = Set.of(
            "GET /auth/current-user", "POST /auth/logout", "POST /track/cad-event", "POST /users/increment-count");

    /** Refusals particular to one route: status, then the error codes it comes with. */
    private static final Map<String, Map<Integer, List<String>>> ROUTES = Map.of(
            "POST /track/pageview", Map.of(
                    403, List.of("host_not_allowed"),
                    429, List.of("rate_limited"),
                    503, List.of("unavailable")),
            "POST /track/cad-event", Map.of(
                    429, List.of("rate_limited"),
                    503, List.of("unavailable")),
            "POST /auth/create-session", Map.of(
                    403, List.of("origin_not_allowed"),
                    409, List.of("email_in_use"),
                    429, List.of("rate_limited")),
            "POST /users/increment-count", Map.of(
                    403, List.of("limit_reached"),
                    429, List.of("rate_limited")),
            "POST /admin/login", Map.of(
                    401, List.of("invalid_credentials"),
                    403, List.of("origin_not_allowed"),
                    429, List.of("rate_limited")),
            "POST /admin/reset-user-count", Map.of(404, List.of("user_not_found")),
            "POST /admin/users/{id}/limit", Map.of(404, List.of("user_not_found")),
            "POST /admin/users/{id}/claim-code", Map.of(404, List.of("user_not_found")),
            "POST /admin/replay", Map.of(
                    400, List.of("invalid_field"),
                    409, List.of("rebuild_in_progress")));

    @Override
    public void customise(OpenAPI api) {
        // Added here, not with the rest of the description: springdoc drops schemas that nothing refers to yet.
        api.getComponents().addSchemas(ERROR_SCHEMA, errorSchema());
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                describe(method, path, operation)));
    }

    private void describe(PathItem.HttpMethod method, String path, Operation operation) {
        String route = method + " " + path;
        boolean writes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD
                && method != PathItem.HttpMethod.OPTIONS;
        Map<Integer, Set<String>> refusals = new TreeMap<>();

        add(refusals, 400, "bad_path");
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            add(refusals, 400, "invalid_field");
        }
        if (operation.getRequestBody() != null) {
            add(refusals, 400, "malformed_json", "invalid_field");
            add(refusals, 413, "body_too_large");
            add(refusals, 415, "unsupported_media_type");
        }
        String session = isAdminApi(path) ? ADMIN_SESSION : END_USER_ROUTES.contains(route) ? USER_SESSION : null;
        if (session != null) {
            add(refusals, 401, "unauthorized");
            if (writes) {
                add(refusals, 403, "origin_not_allowed", "csrf_invalid");
            }
            operation.addSecurityItem(writes ? new SecurityRequirement().addList(session).addList(CSRF_TOKEN)
                    : new SecurityRequirement().addList(session));
        }
        ROUTES.getOrDefault(route, Map.of()).forEach((status, codes) ->
                add(refusals, status, codes.toArray(String[]::new)));

        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        refusals.forEach((status, codes) -> operation.getResponses()
                .computeIfAbsent(String.valueOf(status), s -> refusal(status, codes)));
    }

    @SuppressWarnings("rawtypes")
    private static Schema errorSchema() {
        return new ObjectSchema()
                .description("Every refusal, whatever the endpoint.")
                .addProperty("error", new StringSchema().example("invalid_field")
                        .description("A stable code, such as invalid_field, malformed_json, unauthorized, "
                                + "csrf_invalid, origin_not_allowed, limit_reached, rate_limited, email_in_use, "
                                + "body_too_large, unsupported_media_type, not_found."))
                .addProperty("message", new StringSchema().example("url is required")
                        .description("What went wrong, for people."))
                .addProperty("field", new StringSchema().example("url")
                        .description("The input at fault, when there is one."))
                .required(List.of("error", "message"))
                .additionalProperties(true);
    }

    /** What {@code AdminSessionGuard} guards: all under {@code /admin/} but sign-in (the page is {@code /admin}). */
    private static boolean isAdminApi(String path) {
        return path.startsWith("/admin/") && !path.equals("/admin/") && !path.equals("/admin/login");
    }

    private static void add(Map<Integer, Set<String>> refusals, int status, String... codes) {
        refusals.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(codes));
    }

    private static ApiResponse refusal(int status, Set<String> codes) {
        ApiResponse response = new ApiResponse()
                .description(HttpStatus.valueOf(status).getReasonPhrase() + ": `error` is "
                        + String.join(" or ", codes.stream().map(code -> "`" + code + "`").toList()))
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))));
        if (status == 429) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds until a retry can succeed")
                    .schema(new IntegerSchema()));
        }
        return response;
    }
}
