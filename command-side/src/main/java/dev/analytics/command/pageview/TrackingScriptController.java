package dev.analytics.command.pageview;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** {@code GET /tracking.js}: the snippet sites embed. Small, cacheable, and revalidated by its ETag. */
@RestController
class TrackingScriptController {

    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

    private final byte[] script;
    private final String etag;

    TrackingScriptController() {
        try {
            script = new ClassPathResource("tracking/tracking.js").getContentAsByteArray();
            etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script), 0, 8) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException("tracking.js is missing from the classpath", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @GetMapping("/tracking.js")
    ResponseEntity<byte[]> script(WebRequest request) {
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok()
                .contentType(JAVASCRIPT)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .eTag(etag)
                .body(script);
    }
}
