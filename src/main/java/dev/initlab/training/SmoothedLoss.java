package dev.initlab.training;

/**
 * fastai's {@code AvgSmoothLoss}, the train_loss its table shows: an exponential moving average
 * with beta 0.98, debiased by {@code 1 - 0.98^count}. The Recorder resets it once per fit, not per
 * epoch, so an epoch's value still carries the batches before it.
 */
final class SmoothedLoss {

    static final double BETA = 0.98;

    private double average;
    private int count;

    SmoothedLoss() {
    }

    /** Continues from a checkpoint's {@link #average()} and {@link #count()}. */
    SmoothedLoss(double average, int count) {
        this.average = average;
        this.count = count;
    }

    void add(double loss) {
        count++;
        average = BETA * average + (1 - BETA) * loss;
    }

    double value() {
        return average / (1 - Math.pow(BETA, count));
    }

    double average() {
        return average;
    }

    int count() {
        return count;
    }
}
