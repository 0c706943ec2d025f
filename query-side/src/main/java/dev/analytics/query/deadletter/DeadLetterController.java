package dev.analytics.query.deadletter;

import dev.analytics.query.web.InvalidParameter;
import dev.analytics.query.web.Paging;
import dev.analytics.query.web.QueryParameters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The projections' dead letters: {@code GET /admin/dead-letters} lists the parked events with their causes, and
 * {@code POST /admin/dead-letters/retry} hands them to their projections again. The admin session (and, for the
 * retry, the CSRF token) is checked before these run.
 */
@RestController
class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);

    /** Every processing group's parked events, one page of each. */
    record DeadLetters(int page, int size, List<GroupLetters> processingGroups) {
    }

    /**
     * @param parked    how many events the group has parked
     * @param sequences in how many sequences
     * @param items     this page of them, sequence by sequence, the least recently touched sequence first
     */
    record GroupLetters(String processingGroup, long parked, long sequences, List<ParkedEvent> items) {
    }

    record RetryRequest(String processingGroup) {
    }

    /**
     * @param sequencesRetried   sequences this request handed to their projection
     * @param sequencesProcessed of those, the ones whose events were all handled, and are no longer parked
     * @param eventsStillParked  events the group has parked afterwards
     */
    record GroupRetry(String processingGroup, int sequencesRetried, int sequencesProcessed, long eventsStillParked) {
    }

    record Retry(int sequencesRetried, int sequencesProcessed, long eventsStillParked, List<GroupRetry> processingGroups) {
    }

    private final ProjectionDeadLetters deadLetters;
    private final EventProcessingConfiguration processing;

    DeadLetterController(ProjectionDeadLetters deadLetters, EventProcessingConfiguration processing) {
        this.deadLetters = deadLetters;
        this.processing = processing;
    }

    @GetMapping("/admin/dead-letters")
    DeadLetters list(@RequestParam(required = false) String processingGroup,
                     @RequestParam(required = false) Integer page,
                     @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        List<GroupLetters> groups = new ArrayList<>();
        for (String group : groups(processingGroup)) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = deadLetters.queue(group);
            groups.add(new GroupLetters(group, queue.size(), queue.amountOfSequences(), page(queue, paging)));
        }
        return new DeadLetters(paging.page(), paging.size(), groups);
    }

    /**
     * Retries every parked sequence of one processing group, or of all, once each: its events are handled in order
     * until one fails again, which stays parked with the new cause. A sequence another instance is retrying just now
     * is left to it.
     */
    @PostMapping(path = "/admin/dead-letters/retry", consumes = MediaType.APPLICATION_JSON_VALUE)
    Retry retry(@RequestBody(required = false) RetryRequest body) {
        List<GroupRetry> groups = new ArrayList<>();
        for (String group : groups(body == null ? null : body.processingGroup())) {
            groups.add(retry(group));
        }
        Retry retry = new Retry(groups.stream().mapToInt(GroupRetry::sequencesRetried).sum(),
                groups.stream().mapToInt(GroupRetry::sequencesProcessed).sum(),
                groups.stream().mapToLong(GroupRetry::eventsStillParked).sum(), groups);
        log.info("An admin retried dead letters: {} sequences retried, {} processed, {} events still parked",
                retry.sequencesRetried(), retry.sequencesProcessed(), retry.eventsStillParked());
        return retry;
    }

    private GroupRetry retry(String group) {
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor = deadLetters.invokerBuiltHere(group)
                .or(() -> processing.sequencedDeadLetterProcessor(group));
        int retried = 0;
        int processed = 0;
        if (processor.isPresent()) {
            Set<String> tried = new HashSet<>();
            while (true) {
                // Axon offers the least recently touched sequence first, and one that fails again is touched, so
                // sequences not yet tried come first; the filter only keeps a sequence from being tried twice.
                AtomicReference<String> picked = new AtomicReference<>();
                boolean done = processor.get().process(letter -> {
                    String sequence = sequenceOf(letter);
                    if (tried.contains(sequence)) {
                        return false;
                    }
                    picked.set(sequence);
                    return true;
                });
                if (picked.get() == null) {
                    break;
                }
                tried.add(picked.get());
                retried++;
                if (done) {
                    processed++;
                }
            }
        }
        return new GroupRetry(group, retried, processed, deadLetters.queue(group).size());
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier()
                : letter.message().getIdentifier();
    }

    private List<String> groups(String requested) {
        String group = QueryParameters.optionalText(requested, "processingGroup", 255);
        if (group == null) {
            return List.copyOf(deadLetters.processingGroups());
        }
        if (!deadLetters.processingGroups().contains(group)) {
            throw new InvalidParameter("processingGroup",
                    "processingGroup must be one of " + deadLetters.processingGroups());
        }
        return List.of(group);
    }

    private static List<ParkedEvent> page(SequencedDeadLetterQueue<EventMessage<?>> queue, Paging paging) {
        List<ParkedEvent> items = new ArrayList<>(paging.size());
        long skip = paging.offset();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (skip > 0) {
                    skip--;
                } else if (items.size() < paging.size()) {
                    items.add(ParkedEvent.of(letter));
                } else {
                    return items;
                }
            }
        }
        return items;
    }
}
