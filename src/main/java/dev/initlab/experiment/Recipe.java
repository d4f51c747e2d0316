package dev.initlab.experiment;

/**
 * How every run of an experiment trains. The last seven numbers are fastai's fixed defaults
 * ({@code Adam} and {@code fit_one_cycle}), kept with each experiment so that it describes itself.
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
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final double DEFAULT_LR_MAX = 1e-3;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
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
                0.99, 1e-5, 0.95, 0.85, 0.25, 25.0, 1e5);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
