package dev.initlab.stats;

import java.util.Collection;

final class Samples {

    private Samples() {
    }

    // Checked exactly rather than via variance == 0: the variance of equal values can come out as ~1e-33
    static boolean allEqual(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }

    static double[] toArray(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
