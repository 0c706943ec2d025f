package dev.analytics.server.pageview;

import dev.analytics.server.support.Api;
import dev.analytics.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /tracking.js: small, cacheable, revalidated by ETag, and setting no cookie. */
@ServerTest
class TrackingScriptServingTest {

    @LocalServerPort
    int port;

    @Test
    void isSmallCacheableJavascript() {
        Api.Response response = new Api(port).get("/tracking.js");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/javascript");
        assertThat(response.header("Cache-Control")).contains("public", "max-age=3600");
        assertThat(response.header("Set-Cookie")).isNull();
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2_000);
        assertThat(response.body()).contains("/track/pageview", "credentials: 'omit'", "keepalive: true");
    }

    @Test
    void answers304WhenTheBrowsersCopyIsCurrent() {
        Api api = new Api(port);
        String etag = api.get("/tracking.js").header("ETag");

        Api.Response revalidated = api.get("/tracking.js", "If-None-Match", etag);

        assertThat(etag).isNotBlank();
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
    }
}
