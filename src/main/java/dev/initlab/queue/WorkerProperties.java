package dev.initlab.queue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this instance serves the queue.
 *
 * @param enabled     false makes a web-only instance that trains nothing
 * @param devices     {@code auto} (one worker per GPU DJL sees, else {@code cpuWorkers} CPU workers),
 *                    or a list such as {@code cpu} or {@code gpu0,gpu1}
 * @param cpuWorkers  CPU workers when {@code auto} finds no GPU
 * @param lease       how long a claim holds a run without a heartbeat
 * @param heartbeat   how often a running run's lease is extended
 * @param maxAttempts after this many lost workers a run fails with "worker lost"
 * @param poll        how often an idle worker looks for a queued run
 * @param reapEvery   how often this instance returns runs with expired leases to the queue
 */
@ConfigurationProperties("initlab.worker")
public record WorkerProperties(
        boolean enabled,
        String devices,
        int cpuWorkers,
        Duration lease,
        Duration heartbeat,
        int maxAttempts,
        Duration poll,
        Duration reapEvery) {

    public WorkerProperties {
        if (cpuWorkers < 1) {
            throw new IllegalArgumentException("initlab.worker.cpu-workers must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("initlab.worker.max-attempts must be at least 1");
        }
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("initlab.worker.heartbeat must be shorter than initlab.worker.lease");
        }
    }
}
