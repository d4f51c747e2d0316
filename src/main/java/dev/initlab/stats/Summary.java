package dev.initlab.stats;

import org.apache.commons.math3.stat.StatUtils;

/**
 * n, mean, sample standard deviation (n − 1) and 95 % Student-t confidence interval of the mean.
 * {@code mean} is null when n = 0; {@code standardDeviation} and {@code ci95} are null when n < 2.
 */
public record Summary(int n, Double mean, Double standardDeviation, Interval ci95) {

    public static Summary of(double[] values) {
        Samples.requireFinite(values);
        int n = values.length;
        if (n == 0) {
            return new Summary(0, null, null, null);
        }
        double mean = StatUtils.mean(values);
        if (n == 1) {
            return new Summary(1, mean, null, null);
        }
        double sd = Math.sqrt(StatUtils.variance(values));
        double halfWidth = StudentT.critical95(n - 1) * sd / Math.sqrt(n);
        return new Summary(n, mean, sd, Interval.around(mean, halfWidth));
    }
}
