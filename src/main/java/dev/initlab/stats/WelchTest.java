package dev.initlab.stats;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Unpaired comparison of A and B: difference of means (A − B), its 95 % CI, Welch's t, the
 * Welch–Satterthwaite degrees of freedom and the two-sided p. {@code meanDifference} is present when
 * both sides have a value; the other fields only when {@code status} is TESTABLE.
 */
public record WelchTest(TestStatus status, int nA, int nB, Double meanDifference, Interval ci95,
                        Double t, Double df, Double p) {

    public static WelchTest of(double[] a, double[] b) {
        Samples.requireFinite(a);
        Samples.requireFinite(b);
        int nA = a.length;
        int nB = b.length;
        Double difference = nA > 0 && nB > 0 ? StatUtils.mean(a) - StatUtils.mean(b) : null;
        if (nA < 2 || nB < 2) {
            return new WelchTest(TestStatus.TOO_FEW_SEEDS, nA, nB, difference, null, null, null, null);
        }
        if (Samples.allEqual(a, Samples.largestMagnitude(a)) && Samples.allEqual(b, Samples.largestMagnitude(b))) {
            return new WelchTest(TestStatus.NO_VARIATION, nA, nB, difference, null, null, null, null);
        }
        double varA = StatUtils.variance(a) / nA;
        double varB = StatUtils.variance(b) / nB;
        double se = Math.sqrt(varA + varB);
        double df = (varA + varB) * (varA + varB)
                / (varA * varA / (nA - 1) + varB * varB / (nB - 1));
        TTest test = new TTest();
        return new WelchTest(TestStatus.TESTABLE, nA, nB, difference,
                Interval.around(difference, StudentT.critical95(df) * se),
                test.t(a, b), df, test.tTest(a, b));
    }
}
