package dev.analytics.query.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dead letters ({@code analytics.dead-letters.*}).
 *
 * @param savepoints when a projection's event handler runs inside a savepoint of its own (see {@link HandlerSavepoints})
 */
@ConfigurationProperties("analytics.dead-letters")
public record DeadLetterProperties(@DefaultValue("after-failure") Savepoints savepoints) {

    public enum Savepoints {
        /**
         * Batches run without savepoints; a batch in which a handler failed is rolled back and run again with a
         * savepoint around every handler, so that the failing event can be parked alone.
         */
        AFTER_FAILURE,
        /** Every handler runs inside a savepoint: no batch is ever run twice, but every event costs two more round trips. */
        ALWAYS
    }
}
