package dev.initlab.experiment;

import dev.initlab.training.OptimizerSettings;
import dev.initlab.training.RunConfig;

import static dev.initlab.training.OptimizerSettings.FASTAI;

/**
 * How every run of an experiment trains, as stored with it. The last seven numbers are fastai's
 * {@code Adam} and {@code fit_one_cycle} settings (fastai's defaults unless the spec overrides them);
 * training reads them from here, so an experiment describes exactly what its runs did.
 */
public record Recipe(
        String dataset,
        int imageSize,
        int epochs,
        int batchSize,
        double lrMax,
        double weightDecay,
        String head,
        Integer trainLimit,
        Integer validLimit,
        String device,
        double adamBeta2,
        double adamEps,
        double momentumHigh,
        double momentumLow,
        double pctStart,
        double divFactor,
        double finalDivFactor) {

    public static final int DEFAULT_IMAGE_SIZE = 128;
    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = RunConfig.DEFAULT_BATCH_SIZE;
    public static final double DEFAULT_LR_MAX = RunConfig.DEFAULT_LR_MAX;
    public static final double DEFAULT_WEIGHT_DECAY = RunConfig.DEFAULT_WEIGHT_DECAY;
    public static final String DEFAULT_HEAD = "fastai";
    public static final String DEFAULT_DEVICE = "auto";

    /** The spec's recipe with every field it leaves out set to the default. */
    public static Recipe of(ExperimentSpec spec) {
        return new Recipe(
                spec.dataset(),
                orDefault(spec.imageSize(), DEFAULT_IMAGE_SIZE),
                orDefault(spec.epochs(), DEFAULT_EPOCHS),
                orDefault(spec.batchSize(), DEFAULT_BATCH_SIZE),
                orDefault(spec.lrMax(), DEFAULT_LR_MAX),
                orDefault(spec.weightDecay(), DEFAULT_WEIGHT_DECAY),
                orDefault(spec.head(), DEFAULT_HEAD),
                spec.trainLimit(),
                spec.validLimit(),
                orDefault(spec.device(), DEFAULT_DEVICE),
                orDefault(spec.adamBeta2(), FASTAI.adamBeta2()),
                orDefault(spec.adamEps(), FASTAI.adamEps()),
                orDefault(spec.momentumHigh(), FASTAI.momentumHigh()),
                orDefault(spec.momentumLow(), FASTAI.momentumLow()),
                orDefault(spec.pctStart(), FASTAI.pctStart()),
                orDefault(spec.divFactor(), FASTAI.divFactor()),
                orDefault(spec.finalDivFactor(), FASTAI.finalDivFactor()));
    }

    /** The Adam and one-cycle numbers every run of the experiment trains with. */
    public OptimizerSettings optimizer() {
        return new OptimizerSettings(adamBeta2, adamEps, momentumHigh, momentumLow, pctStart, divFactor, finalDivFactor);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
