package dev.initlab.stats;

/** A against B at one epoch (0-based), on each metric. */
public record EpochComparison(int epoch, MetricComparison accuracy, MetricComparison validLoss,
                              MetricComparison trainLoss) {

    static EpochComparison of(RunTable table, String variantA, String variantB, int epoch) {
        return new EpochComparison(epoch,
                MetricComparison.of(table, variantA, variantB, epoch, Metric.ACCURACY),
                MetricComparison.of(table, variantA, variantB, epoch, Metric.VALID_LOSS),
                MetricComparison.of(table, variantA, variantB, epoch, Metric.TRAIN_LOSS));
    }

    MetricComparison on(Metric metric) {
        return switch (metric) {
            case ACCURACY -> accuracy;
            case VALID_LOSS -> validLoss;
            case TRAIN_LOSS -> trainLoss;
        };
    }
}
