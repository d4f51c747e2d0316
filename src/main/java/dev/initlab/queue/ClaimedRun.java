package dev.initlab.queue;

import java.util.UUID;

import dev.initlab.experiment.Recipe;

/**
 * A run this worker now holds, with everything needed to train it; {@code resumeFrom} is where its
 * checkpoint stands, or null when it starts from the beginning.
 */
public record ClaimedRun(UUID id, UUID experimentId, String variant, double bn2Gamma, long seed, int attempt,
                         Recipe recipe, ResumePoint resumeFrom) {

    /** The checkpoint's place: the epoch it continues in, and that epoch's training batches already done. */
    public record ResumePoint(int epoch, int batch) {
    }
}
