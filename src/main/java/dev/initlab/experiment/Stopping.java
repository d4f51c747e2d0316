package dev.initlab.experiment;

/**
 * A sequential experiment's stopping rule, as stored with it: after each step's pairs have finished, the
 * safe (anytime-valid) paired t-test at level {@code alpha} decides each compared variant; while one is
 * undecided, {@code seedsPerStep} more seeds are queued, up to {@code maxSeeds}. {@code g} is the variance
 * of the normal prior on the standardised effect: 1, a standard normal, unless the spec says otherwise.
 */
public record Stopping(String rule, double alpha, int maxSeeds, int seedsPerStep, double g) {

    public static final String ANYTIME = "anytime";
    public static final double DEFAULT_ALPHA = 0.05;
    public static final int DEFAULT_MAX_SEEDS = 30;
    public static final int DEFAULT_SEEDS_PER_STEP = 2;
    public static final double DEFAULT_G = 1;

    /** The spec's rule with every field it leaves out set to the default; null for the fixed design. */
    static Stopping of(ExperimentSpec.StoppingSpec spec) {
        if (spec == null) {
            return null;
        }
        return new Stopping(ANYTIME, spec.alpha() != null ? spec.alpha() : DEFAULT_ALPHA,
                spec.maxSeeds() != null ? spec.maxSeeds() : DEFAULT_MAX_SEEDS,
                spec.seedsPerStep() != null ? spec.seedsPerStep() : DEFAULT_SEEDS_PER_STEP,
                spec.g() != null ? spec.g() : DEFAULT_G);
    }
}
