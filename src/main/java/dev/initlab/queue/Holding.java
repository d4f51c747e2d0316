package dev.initlab.queue;

/** What a worker learns whenever it writes to the run it trains (progress, a phase, a heartbeat). */
public enum Holding {
    /** The run is still this worker's: train on. */
    HELD,
    /** Still this worker's, and a user asked to cancel it: stop at the next batch. */
    CANCEL_REQUESTED,
    /** No longer this worker's (the lease ran out and a reaper took the run back): drop it. */
    LOST;

    static Holding held(boolean cancelRequested) {
        return cancelRequested ? CANCEL_REQUESTED : HELD;
    }
}
