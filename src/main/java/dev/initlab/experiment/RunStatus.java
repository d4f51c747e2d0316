package dev.initlab.experiment;

/**
 * Where a run stands in the queue; the {@code runs.status} column holds these names.
 *
 * <pre>
 *             claim                    finish
 *   QUEUED ──────────> RUNNING ──────────────────> SUCCEEDED | FAILED | CANCELLED
 *     │  ^                │
 *     │  └────────────────┘  requeue: shutdown hand-back (no attempt counted), or lease expired
 *     │                      with attempts left (attempt + 1); after the last attempt: FAILED
 *     └──> CANCELLED         cancel of a queued run
 * </pre>
 *
 * A cancel of a RUNNING run only sets {@code cancel_requested}: its worker stops at the next batch and
 * finishes it CANCELLED, or the reaper does when the lease expires first. The transitions are SQL in
 * {@code RunQueue} (claim, finish, requeue, reapExpiredLeases) and {@code RunRepository.cancel}; the
 * database allows a RUNNING row only with a worker and a lease, and drops a run's checkpoint once it is
 * finished.
 */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** A finished run never changes status again. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
