package dev.initlab.stats;

import org.apache.commons.math3.distribution.TDistribution;

final class StudentT {

    // commons-math's default inverse accuracy is 1e-9 absolute; ask for more so CIs match SciPy closely
    private static final double INVERSE_ACCURACY = 1e-13;

    private StudentT() {
    }

    /** The two-sided 95 % critical value, t.ppf(0.975, df). */
    static double critical95(double degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom, INVERSE_ACCURACY).inverseCumulativeProbability(0.975);
    }
}
