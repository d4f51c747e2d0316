package dev.initlab.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Why an experiment decides with {@link SafePairedTTest} rather than by watching the p-value: simulated
 * experiments whose paired differences are N(trueMeanDifference, 1) look after every pair from 2 up to
 * {@code maxPairs} and stop at the first look where a rule decides. With trueMeanDifference = 0 the decision
 * rates are false-positive rates: the safe rule's stays ≤ α, the naive "stop at the first two-sided paired
 * t-test p &lt; α" climbs with every look.
 *
 * @param anytimeDecisionRate        share of experiments where E ≥ 1/α at some look
 * @param naiveDecisionRate          share of experiments where p &lt; α at some look
 * @param meanPairsAtAnytimeDecision pairs seen when E first reached 1/α, averaged over the experiments
 *                                   that got there; NaN when none did
 */
public record SequentialSimulation(long seed, int experiments, int maxPairs, double trueMeanDifference, double g,
                                   double alpha, double anytimeDecisionRate, double naiveDecisionRate,
                                   double meanPairsAtAnytimeDecision) {

    private static final double INVERSE_ACCURACY = 1e-13;

    /** Deterministic for a given seed (commons-math's Well19937c). */
    public static SequentialSimulation run(long seed, int experiments, int maxPairs, double trueMeanDifference,
                                           double g, double alpha) {
        if (experiments < 1 || maxPairs < 2) {
            throw new IllegalArgumentException("need at least 1 experiment and 2 pairs, got " + experiments
                    + " and " + maxPairs);
        }
        double threshold = SafePairedTTest.threshold(alpha, 1);
        // p < α exactly when |t| exceeds the t distribution's 1 − α/2 quantile, so look those up once
        double[] naiveCritical = new double[maxPairs + 1];
        for (int pairs = 2; pairs <= maxPairs; pairs++) {
            naiveCritical[pairs] = new TDistribution(null, pairs - 1, INVERSE_ACCURACY)
                    .inverseCumulativeProbability(1 - alpha / 2);
        }
        RandomGenerator random = new Well19937c(seed);
        int anytimeDecisions = 0;
        int naiveDecisions = 0;
        long pairsAtAnytimeDecisions = 0;
        for (int experiment = 0; experiment < experiments; experiment++) {
            boolean anytimeDecided = false;
            boolean naiveDecided = false;
            RunningDifferences differences = new RunningDifferences();
            for (int pairs = 1; pairs <= maxPairs && !(anytimeDecided && naiveDecided); pairs++) {
                differences.add(trueMeanDifference + random.nextGaussian());
                if (pairs < 2) {
                    continue;
                }
                double t = differences.mean() / differences.standardError();
                if (!anytimeDecided && SafePairedTTest.eValueForT(t, pairs, g) >= threshold) {
                    anytimeDecided = true;
                    anytimeDecisions++;
                    pairsAtAnytimeDecisions += pairs;
                }
                if (!naiveDecided && Math.abs(t) > naiveCritical[pairs]) {
                    naiveDecided = true;
                    naiveDecisions++;
                }
            }
        }
        return new SequentialSimulation(seed, experiments, maxPairs, trueMeanDifference, g, alpha,
                (double) anytimeDecisions / experiments, (double) naiveDecisions / experiments,
                anytimeDecisions == 0 ? Double.NaN : (double) pairsAtAnytimeDecisions / anytimeDecisions);
    }
}
