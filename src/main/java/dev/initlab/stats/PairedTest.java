package dev.initlab.stats;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Paired comparison over the seeds both variants share: mean of the per-seed differences (A − B), its
 * 95 % CI, t, df = pairs − 1 and the two-sided p. {@code meanDifference} is present when there is at
 * least one pair; the other fields only when {@code status} is TESTABLE.
 */
public record PairedTest(TestStatus status, int pairs, Double meanDifference, Interval ci95,
                         Double t, Integer df, Double p) {

    /** {@code a[i]} and {@code b[i]} come from the same seed. */
    public static PairedTest of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        }
        Samples.requireFinite(a);
        Samples.requireFinite(b);
        int pairs = a.length;
        double[] differences = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            differences[i] = a[i] - b[i];
        }
        Double meanDifference = pairs > 0 ? StatUtils.mean(differences) : null;
        if (pairs < 2) {
            return new PairedTest(TestStatus.TOO_FEW_SEEDS, pairs, meanDifference, null, null, null, null);
        }
        if (Samples.allEqual(differences, Samples.largestMagnitude(a, b))) {
            return new PairedTest(TestStatus.NO_VARIATION, pairs, meanDifference, null, null, null, null);
        }
        double se = Math.sqrt(StatUtils.variance(differences) / pairs);
        TTest test = new TTest();
        return new PairedTest(TestStatus.TESTABLE, pairs, meanDifference,
                Interval.around(meanDifference, StudentT.critical95(pairs - 1) * se),
                test.pairedT(a, b), pairs - 1, test.pairedTTest(a, b));
    }
}
