package dev.initlab.training;

/**
 * fastai's {@code fit_one_cycle}: over the first {@code pctStart} of the batches lr rises from
 * lr_max / div to lr_max while beta1 falls from the high momentum to the low one, then lr falls to
 * lr_max / final div while beta1 climbs back, each phase a half cosine (with fastai's numbers: 25 %,
 * 25, 1e5, 0.95 and 0.85). Progress is {@code i / N}, i batches done of N in the whole fit.
 */
public record OneCycleSchedule(double lrMax, long totalBatches, OptimizerSettings settings) {

    public double learningRate(long batchesDone) {
        return learningRateAt(progress(batchesDone));
    }

    public double momentum(long batchesDone) {
        return momentumAt(progress(batchesDone));
    }

    public double learningRateAt(double progress) {
        return twoPhases(lrMax / settings.divFactor(), lrMax, lrMax / settings.finalDivFactor(), progress);
    }

    public double momentumAt(double progress) {
        return twoPhases(settings.momentumHigh(), settings.momentumLow(), settings.momentumHigh(), progress);
    }

    private double progress(long batchesDone) {
        return (double) batchesDone / totalBatches;
    }

    private double twoPhases(double start, double middle, double end, double progress) {
        double pctStart = settings.pctStart();
        if (progress < pctStart) {
            return cosine(start, middle, progress / pctStart);
        }
        return cosine(middle, end, (progress - pctStart) / (1 - pctStart));
    }

    /** fastai's {@code SchedCos}: from {@code start} at q = 0 to {@code end} at q = 1. */
    static double cosine(double start, double end, double q) {
        return start + (1 + Math.cos(Math.PI * (1 - q))) * (end - start) / 2;
    }
}
