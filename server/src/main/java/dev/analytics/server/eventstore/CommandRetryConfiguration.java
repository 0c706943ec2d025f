package dev.analytics.server.eventstore;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Commands that clash on an aggregate are retried, never answered with a {@code 5xx}.
 *
 * <p>Within one instance Axon locks each aggregate, so commands on it run one at a time. Across instances two can load
 * the same version; the second to append hits the store's unique (aggregate, sequence) key and fails with a
 * {@link ConcurrencyException}. Only that failure is retried, with a short, growing back-off: a rule refusal or bad
 * input must never be repeated.
 */
@Configuration(proxyBeanMethods = false)
class CommandRetryConfiguration {

    /**
     * The retry executor is deliberately not a bean: Spring would take a ScheduledExecutorService bean as the
     * scheduler for every {@code @Scheduled} task, and those would then queue behind retries (and the reverse).
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retryExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        RetryScheduler backOff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(retryExecutor)
                .backoffFactor(10)
                .maxRetryCount(12)
                .build();
        RetryScheduler onlyConflicts = (command, failure, failures, dispatch) ->
                isConcurrencyConflict(failure) && backOff.scheduleRetry(command, failure, failures, dispatch);
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(onlyConflicts).build();
    }

    static boolean isConcurrencyConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
