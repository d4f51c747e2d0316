package dev.initlab.queue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What a round of heartbeats found: the claims still held, and those whose run a user asked to cancel. */
public record LeaseRenewal(Set<RunClaim> stillHeld, Set<RunClaim> cancelRequested) {

    /** From rows of (run id, worker, cancel requested) of the runs still held. */
    static LeaseRenewal of(List<Object[]> rows) {
        Set<RunClaim> held = new HashSet<>();
        Set<RunClaim> cancel = new HashSet<>();
        for (Object[] row : rows) {
            RunClaim claim = new RunClaim((UUID) row[0], (String) row[1]);
            held.add(claim);
            if ((Boolean) row[2]) {
                cancel.add(claim);
            }
        }
        return new LeaseRenewal(held, cancel);
    }

    Holding holding(RunClaim claim) {
        return stillHeld.contains(claim) ? Holding.held(cancelRequested.contains(claim)) : Holding.LOST;
    }
}
