package dev.analytics.server.support;

import com.fasterxml.jackson.databind.JsonNode;

/** A browser signed in to the CAD app: its session cookie and CSRF token, as create-session gave them. */
public record EndUser(String userId, String cookie, String csrfToken, JsonNode body) {

    /** Signs up through {@code POST /auth/create-session} with the given JSON body. */
    public static EndUser signUp(Api api, String json) {
        Api.Response response = api.postJson("/auth/create-session", json);
        if (response.status() != 200) {
            throw new AssertionError("create-session failed: " + response.status() + " " + response.body());
        }
        String setCookie = response.header("Set-Cookie");
        return new EndUser(response.json().get("user").get("id").asText(),
                setCookie.substring(0, setCookie.indexOf(';')), response.json().get("csrfToken").asText(),
                response.json());
    }

    /** Headers for a read with this session. */
    public String[] reads() {
        return new String[]{"Cookie", cookie};
    }

    /** Headers for a write with this session: cookie and CSRF token. */
    public String[] writes() {
        return new String[]{"Cookie", cookie, "X-CSRF-Token", csrfToken};
    }
}
