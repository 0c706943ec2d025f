package dev.analytics.query.rebuild;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** What operators see of rebuilds, from any query instance: it is all in {@code projection_rebuilds}. */
@Component
public class RebuildStatus {

    private static final int RECENT = 10;

    private final Rebuilds rebuilds;

    RebuildStatus(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    public Rebuild find(long id) {
        return rebuilds.find(id).orElseThrow();
    }

    public List<Rebuild> recent() {
        return rebuilds.recent(RECENT);
    }

    public List<Rebuild> unfinished() {
        return rebuilds.unfinished();
    }

    /**
     * Each read model's state: {@code rebuilding} or {@code swapping} while a rebuild of it runs, {@code failed} when
     * its latest rebuild failed, {@code idle} otherwise.
     */
    List<RebuildController.ReadModelState> readModels() {
        List<Rebuild> latest = rebuilds.recent(100);
        List<RebuildController.ReadModelState> states = new ArrayList<>();
        for (String name : ReadModel.names()) {
            Rebuild last = latest.stream().filter(rebuild -> rebuild.projections().contains(name)).findFirst()
                    .orElse(null);
            String state = last == null || last.state() == RebuildState.DONE ? "idle" : last.state().code();
            states.add(new RebuildController.ReadModelState(name, state, last == null ? null : last.id()));
        }
        return states;
    }
}
