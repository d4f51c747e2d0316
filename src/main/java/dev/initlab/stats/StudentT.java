package dev.initlab.stats;

import org.apache.commons.math3.distribution.TDistribution;

final class StudentT {

    // commons-math's default inverse accuracy is 1e-9 absolute; ask for more so CIs match SciPy closely
    private static final double INVERSE_ACCURACY = 1e-13;

    private StudentT() {
    }

    /** The two-sided 95 % critical value, t.ppf(0.975, df). */
    static double critical95(double degreesOfFreedom) {
        return twoSidedCritical(degreesOfFreedom, 0.05);
    }

    /** The critical value of a two-sided test at level {@code alpha}, t.ppf(1 − alpha / 2, df). */
    static double twoSidedCritical(double degreesOfFreedom, double alpha) {
        return new TDistribution(null, degreesOfFreedom, INVERSE_ACCURACY).inverseCumulativeProbability(1 - alpha / 2);
    }
}
