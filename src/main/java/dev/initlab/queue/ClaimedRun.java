package dev.initlab.queue;

import java.util.UUID;

/** A run this worker now holds, with everything needed to train it. */
public record ClaimedRun(
        UUID id,
        UUID experimentId,
        String variant,
        double bn2Gamma,
        long seed,
        int attempt,
        String dataset,
        int imageSize,
        int epochs,
        int batchSize,
        double lrMax,
        double weightDecay,
        String head,
        Integer trainLimit,
        Integer validLimit) {
}
