package dev.initlab.queue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this instance serves the queue.
 *
 * @param enabled         false makes a web-only instance that trains nothing
 * @param devices         {@code auto} (every GPU DJL sees, else the CPU), or a list such as {@code cpu}
 *                        or {@code gpu0,gpu1}
 * @param runsPerDevice   runs that train at the same time on each device, each on its own thread; unset:
 *                        {@value #DEFAULT_RUNS_PER_CPU} on the CPU, {@value #DEFAULT_RUNS_PER_GPU} on each GPU
 * @param intraOpThreads  torch's threads per operation, one setting for the whole process; 0 splits
 *                        this machine's cores between the CPU's concurrent runs
 * @param lease           how long a claim holds a run without a heartbeat
 * @param heartbeat       how often a running run's lease is extended
 * @param maxAttempts     after this many lost workers a run fails with "worker lost"
 * @param poll            how often an idle worker looks for a queued run
 * @param reapEvery       how often this instance returns runs with expired leases to the queue
 * @param checkpointEvery the least time between two checkpoints of a run (0 = after every epoch)
 * @param stallTimeout    a run that makes no progress for this long fails, and its worker is freed
 * @param databasePatience how long a worker waits, its run paused, for a database that refuses its writes
 *                        before it lets the run go (it is resumed from its checkpoint once the lease expires)
 */
@ConfigurationProperties("initlab.worker")
public record WorkerProperties(
        boolean enabled,
        String devices,
        Integer runsPerDevice,
        int intraOpThreads,
        Duration lease,
        Duration heartbeat,
        int maxAttempts,
        Duration poll,
        Duration reapEvery,
        Duration checkpointEvery,
        Duration stallTimeout,
        Duration databasePatience) {

    /** Two runs with one thread each beat one with two on 2 cores by 12–24 % (BENCHMARKS.md, issue 9). */
    public static final int DEFAULT_RUNS_PER_CPU = 2;
    /**
     * On an H200, 4 runs trained 1.5–1.9× the images/s of one; 8 gained little more in one sample and
     * lost in the other (BENCHMARKS.md, issue 26).
     */
    public static final int DEFAULT_RUNS_PER_GPU = 4;

    public WorkerProperties {
        if (runsPerDevice != null && runsPerDevice < 1) {
            throw new IllegalArgumentException("initlab.worker.runs-per-device must be at least 1");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("initlab.worker.intra-op-threads must be 0 (automatic) or more");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("initlab.worker.max-attempts must be at least 1");
        }
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("initlab.worker.heartbeat must be shorter than initlab.worker.lease");
        }
        if (databasePatience.isNegative()) {
            throw new IllegalArgumentException("initlab.worker.database-patience must be 0 or more");
        }
        if (checkpointEvery.isNegative() || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "initlab.worker.checkpoint-every must be 0 or more and initlab.worker.stall-timeout more than 0");
        }
    }

    /** How recently a worker must have been heard from to count as live: three missed heartbeats mean its process is gone. */
    public Duration liveWithin() {
        return heartbeat.multipliedBy(3);
    }

    /** Runs that train at the same time on {@code device}. */
    public int runsOn(WorkerDevice device) {
        if (runsPerDevice != null) {
            return runsPerDevice;
        }
        return device.kind().equals("gpu") ? DEFAULT_RUNS_PER_GPU : DEFAULT_RUNS_PER_CPU;
    }

    /** torch's intra-op threads for an instance whose CPU trains {@link #runsOn} runs at once. */
    int intraOpThreadsFor(int cores) {
        return intraOpThreads > 0 ? intraOpThreads : Math.max(1, cores / runsOn(WorkerDevice.CPU));
    }
}
