package dev.initlab.stats;

/** The per-epoch values that are summarised and compared, and the range each can take. */
public enum Metric {
    ACCURACY(0, 1), VALID_LOSS(0, Double.POSITIVE_INFINITY), TRAIN_LOSS(0, Double.POSITIVE_INFINITY);

    private final double lowest;
    private final double highest;

    Metric(double lowest, double highest) {
        this.lowest = lowest;
        this.highest = highest;
    }

    double of(EpochPoint point) {
        return switch (this) {
            case ACCURACY -> point.accuracy();
            case VALID_LOSS -> point.validLoss();
            case TRAIN_LOSS -> point.trainLoss();
        };
    }

    /**
     * The part of a confidence interval of the mean that this metric can reach: a t-interval over two
     * seeds can run from 0.5 to 1.5 in accuracy, or below 0 in loss.
     */
    public Interval clip(Interval interval) {
        return new Interval(Math.max(lowest, Math.min(highest, interval.low())),
                Math.max(lowest, Math.min(highest, interval.high())));
    }
}
