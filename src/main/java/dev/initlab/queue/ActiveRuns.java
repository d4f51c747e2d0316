package dev.initlab.queue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this instance's workers are training, and what heartbeats learnt about them: whether a
 * user asked to cancel one, or a reaper took one back. Read by the training threads between batches.
 */
final class ActiveRuns {

    private final Map<UUID, String> workerByRun = new ConcurrentHashMap<>();
    private final Set<UUID> cancelRequested = ConcurrentHashMap.newKeySet();
    private final Set<UUID> lost = ConcurrentHashMap.newKeySet();

    void started(UUID runId, String workerId) {
        workerByRun.put(runId, workerId);
    }

    void finished(UUID runId) {
        workerByRun.remove(runId);
        cancelRequested.remove(runId);
        lost.remove(runId);
    }

    /** The runs being trained here, each with the worker that holds it: what the heartbeat renews. */
    Map<UUID, String> workers() {
        return Map.copyOf(workerByRun);
    }

    /** The watchdog ended this run: no heartbeat renews it any more, and its trainer stops if it ever wakes. */
    void abandoned(UUID runId) {
        workerByRun.remove(runId);
        lost.add(runId);
    }

    void update(UUID runId, Holding holding) {
        if (!workerByRun.containsKey(runId)) {
            return;
        }
        switch (holding) {
            case LOST -> lost.add(runId);
            case CANCEL_REQUESTED -> cancelRequested.add(runId);
            case HELD -> { }
        }
    }

    void renewed(Iterable<UUID> asked, LeaseRenewal renewal) {
        for (UUID runId : asked) {
            update(runId, renewal.holding(runId));
        }
    }

    boolean cancelRequested(UUID runId) {
        return cancelRequested.contains(runId);
    }

    boolean lost(UUID runId) {
        return lost.contains(runId);
    }
}
