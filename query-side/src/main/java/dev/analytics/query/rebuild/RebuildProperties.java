package dev.analytics.query.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param batchSize        events a rebuild applies per transaction
 * @param pollInterval     how often each query instance looks for a rebuild nobody runs
 * @param lease            how long a rebuild's runner may go without a heartbeat before another instance takes over
 * @param progressInterval how often the runner logs a progress line
 * @param instanceName     how this instance is named as a rebuild's owner; empty: host, process id and a random suffix
 */
@ConfigurationProperties("analytics.rebuild")
record RebuildProperties(@DefaultValue("1000") int batchSize,
                         @DefaultValue("1s") Duration pollInterval,
                         @DefaultValue("15s") Duration lease,
                         @DefaultValue("5s") Duration progressInterval,
                         @DefaultValue("") String instanceName) {

    RebuildProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("analytics.rebuild.batch-size must be at least 1");
        }
        if (lease.compareTo(pollInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("analytics.rebuild.lease must be at least three poll intervals");
        }
    }
}
