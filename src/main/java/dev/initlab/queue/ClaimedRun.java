package dev.initlab.queue;

import java.util.UUID;

import dev.initlab.experiment.Recipe;

/** A run this worker now holds, with everything needed to train it. */
public record ClaimedRun(UUID id, UUID experimentId, String variant, double bn2Gamma, long seed, int attempt,
                         Recipe recipe) {
}
