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

    /** The statistics here would turn a NaN or infinity into NaN output; RunTable leaves them out first. */
    static void requireFinite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("values must be finite, got " + value);
            }
        }
    }

    static double[] toArray(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
