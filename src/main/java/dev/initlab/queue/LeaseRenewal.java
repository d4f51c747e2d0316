package dev.initlab.queue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What a round of heartbeats found: the runs still held, and those a user asked to cancel. */
public record LeaseRenewal(Set<UUID> stillHeld, Set<UUID> cancelRequested) {

    static LeaseRenewal of(List<Object[]> rows) {
        Set<UUID> held = new HashSet<>();
        Set<UUID> cancel = new HashSet<>();
        for (Object[] row : rows) {
            held.add((UUID) row[0]);
            if ((Boolean) row[1]) {
                cancel.add((UUID) row[0]);
            }
        }
        return new LeaseRenewal(held, cancel);
    }

    Holding holding(UUID runId) {
        return stillHeld.contains(runId) ? Holding.held(cancelRequested.contains(runId)) : Holding.LOST;
    }
}
