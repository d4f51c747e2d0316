package dev.initlab.stats;

import java.util.Arrays;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * How many seeds a sequential experiment is likely to use, by simulating it the way InitLab runs it: start
 * with {@code initialSeeds}, look when a step's pairs have finished, add {@code seedsPerStep} seeds while a
 * compared variant is neither decided (E ≥ K/α, {@link SafePairedTTest}) nor practically equivalent (its
 * confidence sequence at α/K within ±the smallest difference), up to {@code maxSeeds}. As in
 * {@link SequentialState}, every number of pairs from 2 on is looked at and a state once reached stays.
 *
 * <p>Accuracies are simulated in units of the sd of a paired difference: the baseline and each of the K
 * compared variants get independent N(0, ½) noise per seed, each compared variant is ahead of the baseline
 * by {@code standardisedDifference}, so each paired difference has sd 1 and two comparisons share the
 * baseline's noise (correlation ½), as they do in a real experiment.
 *
 * @param seedsUsed    share of the simulated experiments that ended with each number of seeds (index: seeds)
 * @param decidedShare share in which every compared variant was decided
 * @param settledShare share in which every compared variant was decided or practically equivalent; the rest
 *                     ended inconclusive at the cap
 */
public record SequentialSeedUse(long seed, int simulations, double standardisedDifference,
                                double standardisedSmallestDifference, double[] seedsUsed, double expectedSeeds,
                                double decidedShare, double settledShare) {

    /** The rule as the experiment stores it; {@code comparisons} variants share α. */
    public record Design(int comparisons, int initialSeeds, int seedsPerStep, int maxSeeds, double alpha,
                         double g) {

        public Design {
            if (comparisons < 1 || initialSeeds < 2 || seedsPerStep < 1 || maxSeeds < initialSeeds) {
                throw new IllegalArgumentException("need 1 or more comparisons, 2 ≤ initial seeds ≤ max seeds and "
                        + "1 or more seeds per step, got " + this);
            }
        }

        /** The seeds the experiment has after each look: the initial ones, then a step more, up to the cap. */
        public int seedsAfter(int seeds) {
            return Math.min(maxSeeds, seeds + seedsPerStep);
        }
    }

    /** Deterministic for a given seed (commons-math's Well19937c). */
    public static SequentialSeedUse simulate(Design design, double standardisedDifference,
                                             double standardisedSmallestDifference, int simulations, long seed) {
        if (simulations < 1 || !(standardisedSmallestDifference > 0) || !Double.isFinite(standardisedDifference)) {
            throw new IllegalArgumentException("need 1 or more simulations, a finite difference and a positive "
                    + "smallest difference");
        }
        int comparisons = design.comparisons();
        double threshold = SafePairedTTest.threshold(design.alpha(), comparisons);
        double[] criticalT = new double[design.maxSeeds() + 1];
        Arrays.fill(criticalT, Double.POSITIVE_INFINITY);
        for (int pairs = 2; pairs <= design.maxSeeds(); pairs++) {
            criticalT[pairs] = SafePairedTTest.criticalT(pairs, design.g(), threshold);
        }
        double runSd = Math.sqrt(0.5);
        RandomGenerator random = new Well19937c(seed);
        long[] endedWith = new long[design.maxSeeds() + 1];
        int decided = 0;
        int settledAll = 0;
        RunningDifferences[] differences = new RunningDifferences[comparisons];
        boolean[] decidedComparison = new boolean[comparisons];
        boolean[] settled = new boolean[comparisons];
        for (int simulation = 0; simulation < simulations; simulation++) {
            for (int k = 0; k < comparisons; k++) {
                differences[k] = new RunningDifferences();
            }
            Arrays.fill(decidedComparison, false);
            Arrays.fill(settled, false);
            int pairs = 0;
            int seeds = design.initialSeeds();
            while (true) {
                for (; pairs < seeds; pairs++) {
                    double baseline = runSd * random.nextGaussian();
                    int n = pairs + 1;
                    for (int k = 0; k < comparisons; k++) {
                        differences[k].add(standardisedDifference + runSd * random.nextGaussian() - baseline);
                        if (n < 2 || settled[k]) {
                            continue;
                        }
                        double mean = Math.abs(differences[k].mean());
                        double halfWidth = criticalT[n] * differences[k].standardError();
                        if (mean >= halfWidth) {
                            settled[k] = true;
                            decidedComparison[k] = true;
                        } else if (mean + halfWidth <= standardisedSmallestDifference) {
                            settled[k] = true;
                        }
                    }
                }
                if (all(settled) || seeds >= design.maxSeeds()) {
                    break;
                }
                seeds = design.seedsAfter(seeds);
            }
            endedWith[seeds]++;
            decided += all(decidedComparison) ? 1 : 0;
            settledAll += all(settled) ? 1 : 0;
        }
        double[] shares = new double[endedWith.length];
        double expectedSeeds = 0;
        for (int seeds = 0; seeds < endedWith.length; seeds++) {
            shares[seeds] = (double) endedWith[seeds] / simulations;
            expectedSeeds += seeds * shares[seeds];
        }
        return new SequentialSeedUse(seed, simulations, standardisedDifference, standardisedSmallestDifference,
                shares, expectedSeeds, (double) decided / simulations, (double) settledAll / simulations);
    }

    private static boolean all(boolean[] values) {
        for (boolean value : values) {
            if (!value) {
                return false;
            }
        }
        return true;
    }
}
