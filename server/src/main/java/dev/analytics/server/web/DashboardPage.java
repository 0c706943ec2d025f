package dev.analytics.server.web;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /admin}: the dashboard's page, from the {@code dashboard-ui} jar. Its scripts and styles are served as
 * static files under {@code /admin/assets/}; the page itself lives at {@code /admin} so that hash routes read
 * {@code /admin#users}. It is public: it shows a login form until signed in, and holds no data.
 */
@Controller
class DashboardPage {

    private static final Resource PAGE = new ClassPathResource("META-INF/resources/admin/assets/index.html");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);

    @Operation(summary = "The admin dashboard (HTML); it shows a login form until signed in")
    @GetMapping({"/admin", "/admin/"})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(HTML).body(PAGE);
    }
}
