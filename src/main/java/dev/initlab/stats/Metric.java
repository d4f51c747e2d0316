package dev.initlab.stats;

/** The per-epoch values that are summarised and compared. */
public enum Metric {
    ACCURACY, VALID_LOSS, TRAIN_LOSS;

    double of(EpochPoint point) {
        return switch (this) {
            case ACCURACY -> point.accuracy();
            case VALID_LOSS -> point.validLoss();
            case TRAIN_LOSS -> point.trainLoss();
        };
    }
}
