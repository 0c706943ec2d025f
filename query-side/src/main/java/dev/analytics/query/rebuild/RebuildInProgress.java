package dev.analytics.query.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** {@code 409 rebuild_in_progress}: a requested read model is already being rebuilt. */
public class RebuildInProgress extends ErrorResponseException {

    private final long rebuildId;

    RebuildInProgress(Rebuild running) {
        super(HttpStatus.CONFLICT, problem(running), null);
        this.rebuildId = running.id();
    }

    public long rebuildId() {
        return rebuildId;
    }

    private static ProblemDetail problem(Rebuild running) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Rebuild " + running.id() + " of " + running.projections() + " is still " + running.state().code()
                        + "; wait for it to finish");
        problem.setProperty("error", "rebuild_in_progress");
        problem.setProperty("field", "projection");
        problem.setProperty("rebuildId", running.id());
        return problem;
    }
}
