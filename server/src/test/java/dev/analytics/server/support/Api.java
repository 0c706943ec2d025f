package dev.analytics.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the real server: plain requests, no cookie handling behind the test's back. */
public final class Api {

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String adminCookie;
    private String csrfToken;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    public Response post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, "application/json", json, headers);
    }

    public Response send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in as admin and remembers the cookie and CSRF token for {@link #admin}. */
    public Api login(String password) {
        Response response = postJson("/admin/login", "{\"password\":\"" + password + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("Login failed: " + response.status() + " " + response.body());
        }
        String setCookie = response.header("Set-Cookie");
        adminCookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrfToken = response.json().get("csrfToken").asText();
        return this;
    }

    /** Headers that make a request an admin's: the cookie, and the CSRF token for state-changing requests. */
    public String[] admin(String... more) {
        List<String> headers = new ArrayList<>(List.of("Cookie", adminCookie, "X-CSRF-Token", csrfToken));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    public JsonNode stats(String query) {
        Response response = get("/admin/stats" + (query.isEmpty() ? "" : "?" + query), admin());
        if (response.status() != 200) {
            throw new AssertionError("Stats failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }
}
