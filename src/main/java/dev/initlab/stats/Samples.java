package dev.initlab.stats;

import java.util.Collection;

final class Samples {

    private static final double EQUAL_WITHIN = 1e-9;

    private Samples() {
    }

    /**
     * Values closer than rounding can tell apart count as equal: two seeds that each gain exactly 10 of
     * 2,000 images differ by 0.005 ± 1e-16 after a subtraction, and an exact check would call that
     * variation and report t ≈ 10^14. Accuracies are multiples of 1/images, losses float32 sums, so a
     * real difference is many orders of magnitude above {@code scale} × 1e-9.
     *
     * @param scale the largest magnitude among the numbers {@code values} were computed from
     */
    static boolean allEqual(double[] values, double scale) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return values.length == 0 || max - min <= EQUAL_WITHIN * scale;
    }

    static double largestMagnitude(double[]... samples) {
        double largest = 0;
        for (double[] sample : samples) {
            for (double value : sample) {
                largest = Math.max(largest, Math.abs(value));
            }
        }
        return largest;
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
