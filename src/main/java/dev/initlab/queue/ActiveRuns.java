package dev.initlab.queue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this instance's workers are training, and what heartbeats learnt about them: whether a
 * user asked to cancel one, or a reaper took one back. Read by the training threads between batches.
 * Kept per claim, so that a stale thread's state never lands on a later holder of the same run.
 */
final class ActiveRuns {

    private final Set<RunClaim> training = ConcurrentHashMap.newKeySet();
    private final Set<RunClaim> cancelRequested = ConcurrentHashMap.newKeySet();
    private final Set<RunClaim> lost = ConcurrentHashMap.newKeySet();

    void started(RunClaim claim) {
        training.add(claim);
    }

    void finished(RunClaim claim) {
        training.remove(claim);
        cancelRequested.remove(claim);
        lost.remove(claim);
    }

    /** The claims being trained here: what the heartbeat renews. */
    Set<RunClaim> claims() {
        return Set.copyOf(training);
    }

    /** The watchdog ended this claim's run: no heartbeat renews it any more, and its trainer stops if it ever wakes. */
    void abandoned(RunClaim claim) {
        training.remove(claim);
        lost.add(claim);
    }

    void update(RunClaim claim, Holding holding) {
        if (!training.contains(claim)) {
            return;
        }
        switch (holding) {
            case LOST -> lost.add(claim);
            case CANCEL_REQUESTED -> cancelRequested.add(claim);
            case HELD -> { }
        }
    }

    void renewed(Iterable<RunClaim> asked, LeaseRenewal renewal) {
        for (RunClaim claim : asked) {
            update(claim, renewal.holding(claim));
        }
    }

    boolean cancelRequested(RunClaim claim) {
        return cancelRequested.contains(claim);
    }

    boolean lost(RunClaim claim) {
        return lost.contains(claim);
    }
}
