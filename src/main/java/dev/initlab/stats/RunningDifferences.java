package dev.initlab.stats;

/** The mean and standard error of paired differences as they come, one at a time (Welford's update). */
final class RunningDifferences {

    private int count;
    private double mean;
    private double sumOfSquaredDeviations;

    void add(double difference) {
        count++;
        double deviation = difference - mean;
        mean += deviation / count;
        sumOfSquaredDeviations += deviation * (difference - mean);
    }

    double mean() {
        return mean;
    }

    /** The standard error of the mean; needs two differences. */
    double standardError() {
        return Math.sqrt(sumOfSquaredDeviations / (count - 1) / count);
    }
}
