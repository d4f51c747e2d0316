package dev.initlab.stats;

/** One epoch of one run: {@code epoch} is 0-based, {@code accuracy} in [0, 1]. */
public record EpochPoint(int epoch, double accuracy, double validLoss, double trainLoss) {
}
