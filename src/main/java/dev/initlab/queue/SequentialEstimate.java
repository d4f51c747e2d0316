package dev.initlab.queue;

/**
 * How long a sequential experiment is likely to take: it stops when its answer is known, so its time is a
 * distribution over the number of seeds it ends with, simulated by {@link dev.initlab.stats.SequentialSeedUse}.
 *
 * @param expectedSeconds        from submitting until the last run ends, averaged over the simulated
 *                               experiments; null when there is no basis for a run's time
 * @param largestSeconds         the same with every seed up to the cap; null when there is no basis
 * @param expectedSeeds          seeds the experiment is expected to end with
 * @param maxSeeds               its cap
 * @param settledShare           share of the simulated experiments that ended decided or practically
 *                               equivalent rather than inconclusive at the cap
 * @param sdDifference           sd of the paired differences the simulation assumed (accuracy as a fraction)
 * @param assumedDifference      the true difference of every compared variant from the baseline it assumed:
 *                               the smallest difference worth finding
 * @param pilotPairs             paired seeds of earlier experiments of the same recipe that sdDifference rests
 *                               on; 0 when it is the stated default
 * @param simulations            simulated experiments
 * @param scale                  in words: where sdDifference comes from
 */
public record SequentialEstimate(Double expectedSeconds, Double largestSeconds, double expectedSeeds, int maxSeeds,
                                 double settledShare, double sdDifference, double assumedDifference, int pilotPairs,
                                 int simulations, String scale) {
}
