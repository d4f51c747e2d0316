package dev.initlab.api;

import java.time.Instant;

import dev.initlab.experiment.EpochMetric;

/**
 * One row of fastai's table: epoch (0-based), train_loss (smoothed), plain mean, valid_loss, accuracy,
 * time; and when it was stored.
 */
public record EpochView(int epoch, double trainLoss, double trainLossMean, double validLoss, double accuracy,
                        double seconds, Instant recordedAt) {

    static EpochView of(EpochMetric metric) {
        return new EpochView(metric.getEpoch(), metric.getTrainLoss(), metric.getTrainLossMean(),
                metric.getValidLoss(), metric.getAccuracy(), metric.getSeconds(), metric.getRecordedAt());
    }
}
