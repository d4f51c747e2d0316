package dev.initlab.training.data;

/** How many images a run's training and validation splits hold, after the run's limits. */
public record SplitSizes(int train, int valid) {
}
