package dev.analytics.query.rebuild;

import dev.analytics.events.AdminActor;
import dev.analytics.query.web.InvalidParameter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code POST /admin/replay} starts a rebuild of one read model ({@code {"projection":"users"}}) or of all of them
 * ({@code {}} or no body); {@code GET /admin/replay} shows each read model's state and the latest rebuilds' progress.
 * The admin session, and for the POST the CSRF token, are checked before these run.
 */
@RestController
class RebuildController {

    record ReplayRequest(String projection) {
    }

    /** @param state {@code idle}, {@code rebuilding}, {@code swapping} or {@code failed} */
    record ReadModelState(String name, String state, Long rebuildId) {
    }

    record ReplayStatus(List<ReadModelState> projections, List<Rebuild> rebuilds) {
    }

    private final CommandGateway commands;
    private final RebuildStatus status;

    RebuildController(CommandGateway commands, RebuildStatus status) {
        this.commands = commands;
        this.status = status;
    }

    @GetMapping("/admin/replay")
    ReplayStatus status() {
        return new ReplayStatus(status.readModels(), status.recent());
    }

    @PostMapping("/admin/replay")
    ResponseEntity<Rebuild> replay(@RequestBody(required = false) ReplayRequest body,
                                   @RequestAttribute(AdminActor.REQUEST_ATTRIBUTE) AdminActor by) {
        String projection = body == null ? null : body.projection();
        if (projection != null && ReadModel.named(projection).isEmpty()) {
            throw new InvalidParameter("projection", "projection must be one of " + ReadModel.names()
                    + ", or left out for all of them");
        }
        long id = commands.sendAndWait(new RequestRebuild(projection == null ? List.of() : List.of(projection), by));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status.find(id));
    }
}
