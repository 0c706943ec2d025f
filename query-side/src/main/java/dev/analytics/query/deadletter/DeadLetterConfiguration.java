package dev.analytics.query.deadletter;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gives the projections their dead-letter queues; part of the query side, so a command-only server has none. */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /**
     * Axon's dead-letter queue for every processing group there is, not a list of names: Axon asks the provider once
     * for each group while it builds the processors, before it builds their invokers, so that is where each group's
     * invoker settings are registered too. Ordered after Axon's own provider module, which only gives queues to groups
     * with {@code axon.eventhandling.processors.<name>.dlq.enabled}.
     */
    @Bean
    ConfigurerModule deadLettersForEveryProcessingGroup(ProjectionDeadLetters deadLetters) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                EventProcessingConfigurer processing = configurer.eventProcessing();
                processing.registerDeadLetterQueueProvider(processingGroup -> {
                    processing.registerDeadLetteringEventHandlerInvokerConfiguration(
                            processingGroup, (c, invoker) -> deadLetters.configure(invoker));
                    return c -> deadLetters.queue(processingGroup);
                });
            }

            @Override
            public int order() {
                return 1;
            }
        };
    }
}
