package dev.initlab.training;

/**
 * Everything that decides one run's numbers, besides the data: the recipe, the variant's bn2 gamma
 * and the seed. Two runs that differ only in {@code bn2Gamma} form a pair.
 */
public record RunConfig(
        int epochs,
        int batchSize,
        double lrMax,
        double weightDecay,
        HeadType head,
        float bn2Gamma,
        long seed,
        OptimizerSettings optimizer) {

    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final double DEFAULT_LR_MAX = 1e-3;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    /** A run with fastai's Adam and one-cycle numbers. */
    public RunConfig(int epochs, int batchSize, double lrMax, double weightDecay, HeadType head, float bn2Gamma,
                     long seed) {
        this(epochs, batchSize, lrMax, weightDecay, head, bn2Gamma, seed, OptimizerSettings.FASTAI);
    }
}
