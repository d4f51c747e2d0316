package dev.initlab.stats;

/** One variant at one epoch (0-based), over the runs that reached it. */
public record EpochSummary(int epoch, Summary accuracy, Summary validLoss, Summary trainLoss) {
}
