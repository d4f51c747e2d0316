package dev.initlab.training.data;

/**
 * What a long data task (a download, building the pixel cache, waiting for another's lock) reports
 * as it advances, and how it learns that its run should stop.
 */
public interface PreparationMonitor {

    /** Reports nowhere, never stops. */
    PreparationMonitor NONE = new PreparationMonitor() {
        @Override
        public void progress(String phase, long done, long total) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    /**
     * Called as the task advances; phase is a short human text such as
     * "downloading https://…/imagenette2-160.tgz" or "caching fashion-mnist train at 32 px";
     * total &lt; 0 when unknown.
     */
    void progress(String phase, long done, long total);

    /**
     * Checked between chunks of a download, between images of a cache build, and while waiting for a
     * lock. Once it answers true the task stops, removes what it left half-written and throws
     * {@link java.util.concurrent.CancellationException}.
     */
    boolean stopRequested();
}
