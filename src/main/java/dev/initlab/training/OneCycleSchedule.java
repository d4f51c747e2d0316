package dev.initlab.training;

/**
 * fastai's {@code fit_one_cycle}: over the first 25 % of the batches lr rises from lr_max / 25 to
 * lr_max while beta1 falls from 0.95 to 0.85, then lr falls to lr_max / 1e5 while beta1 climbs back,
 * each phase a half cosine. Progress is {@code i / N}, i batches done of N in the whole fit.
 */
public record OneCycleSchedule(double lrMax, long totalBatches) {

    static final double PCT_START = 0.25;
    static final double DIV = 25;
    static final double DIV_FINAL = 1e5;
    static final double MOM_HIGH = 0.95;
    static final double MOM_LOW = 0.85;

    public double learningRate(long batchesDone) {
        return learningRateAt(progress(batchesDone));
    }

    public double momentum(long batchesDone) {
        return momentumAt(progress(batchesDone));
    }

    public double learningRateAt(double progress) {
        return twoPhases(lrMax / DIV, lrMax, lrMax / DIV_FINAL, progress);
    }

    public double momentumAt(double progress) {
        return twoPhases(MOM_HIGH, MOM_LOW, MOM_HIGH, progress);
    }

    private double progress(long batchesDone) {
        return (double) batchesDone / totalBatches;
    }

    private static double twoPhases(double start, double middle, double end, double progress) {
        if (progress < PCT_START) {
            return cosine(start, middle, progress / PCT_START);
        }
        return cosine(middle, end, (progress - PCT_START) / (1 - PCT_START));
    }

    /** fastai's {@code SchedCos}: from {@code start} at q = 0 to {@code end} at q = 1. */
    static double cosine(double start, double end, double q) {
        return start + (1 + Math.cos(Math.PI * (1 - q))) * (end - start) / 2;
    }
}
