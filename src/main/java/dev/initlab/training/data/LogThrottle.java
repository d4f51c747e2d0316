package dev.initlab.training.data;

/** Says when a long job should log its progress again: at most once per interval. */
final class LogThrottle {

    private static final long INTERVAL_NANOS = 3_000_000_000L;

    private final long startNanos = System.nanoTime();
    private long lastLogNanos = startNanos;

    boolean due() {
        long now = System.nanoTime();
        if (now - lastLogNanos < INTERVAL_NANOS) {
            return false;
        }
        lastLogNanos = now;
        return true;
    }

    double secondsSinceStart() {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }
}
