package dev.analytics.query.processing;

import dev.analytics.query.rebuild.RebuildStatus;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /admin/processors}: every event processor, across all instances (it reads the shared token table):
 * where it is, how far behind the head of the store, which instance holds each segment, whether a rebuild of its
 * read model runs, and how many events it has parked as dead letters. Rebuild processors ({@code rebuild-<id>})
 * are listed while they run.
 */
@RestController
class ProcessorsController {

    /**
     * @param position the lowest position of its segments (0 before it has handled an event)
     * @param lag      events between that position and the head
     */
    record Processor(String name, String kind, long position, long lag, List<Segment> segments, boolean rebuilding,
                     long deadLetters) {
    }

    /** @param owner the instance holding the segment, or {@code null} when none does */
    record Segment(int segment, String owner, long position) {
    }

    record Processors(long head, List<Processor> processors) {
    }

    private final ProcessorTokens tokens;
    private final EventProcessingConfiguration processing;
    private final RebuildStatus rebuilds;
    private final DeadLetterCounts deadLetters;

    ProcessorsController(ProcessorTokens tokens, EventProcessingConfiguration processing, RebuildStatus rebuilds,
                         DeadLetterCounts deadLetters) {
        this.tokens = tokens;
        this.processing = processing;
        this.rebuilds = rebuilds;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/admin/processors")
    Processors processors() {
        long head = tokens.head();
        Map<String, List<Segment>> segments = new LinkedHashMap<>();
        processing.eventProcessors().keySet().stream().sorted().forEach(name -> segments.put(name, new ArrayList<>()));
        for (ProcessorTokens.Segment row : tokens.segments()) {
            segments.computeIfAbsent(row.processor(), name -> new ArrayList<>())
                    .add(new Segment(row.segment(), row.owner(), row.position()));
        }
        Set<String> live = processing.eventProcessors().keySet();
        Map<String, Long> parked = deadLetters.byProcessingGroup();
        Set<String> rebuilding = rebuilds.unfinished().stream().flatMap(rebuild -> rebuild.projections().stream())
                .collect(Collectors.toSet());
        List<Processor> processors = new ArrayList<>();
        segments.forEach((name, own) -> {
            long position = own.stream().mapToLong(Segment::position).min().orElse(0);
            boolean isLive = live.contains(name);
            processors.add(new Processor(name, isLive ? "projection" : "rebuild", position,
                    Math.max(0, head - position), own, !isLive || rebuilding.contains(name),
                    parked.getOrDefault(name, 0L)));
        });
        return new Processors(head, processors);
    }
}
