package dev.initlab.training.data;

import java.util.concurrent.CancellationException;

/** One step of a long data task, named as its monitor shows it ("downloading …", "caching …"). */
final class Phase {

    private final String name;
    private final PreparationMonitor monitor;

    Phase(String name, PreparationMonitor monitor) {
        this.name = name;
        this.monitor = monitor;
    }

    String name() {
        return name;
    }

    void progress(long done, long total) {
        monitor.progress(name, done, total);
    }

    /** Throws when the run should stop; callers clean up on the way out as for any failure. */
    void stopIfRequested() {
        if (monitor.stopRequested()) {
            throw new CancellationException("cancelled while " + name);
        }
    }
}
