package dev.initlab.training;

/**
 * One line of fastai's table: {@code trainLoss} is the smoothed loss fastai prints (beta 0.98,
 * debiased, after the epoch's last batch), {@code trainLossMean} the plain mean over the epoch's batches.
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainLossMean,
        double validLoss,
        double accuracy,
        double seconds) {
}
