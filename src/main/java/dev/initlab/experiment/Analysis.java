package dev.initlab.experiment;

/**
 * How an experiment's runs are judged, as stored with it: the primary endpoint is accuracy at
 * {@code primaryEpoch} (0-based; null: the last epoch), paired by seed with the baseline;
 * {@code smallestDifference} (accuracy as a fraction) is the smallest difference worth finding; and
 * {@code stopping}, when not null, makes the experiment sequential.
 */
public record Analysis(Integer primaryEpoch, double smallestDifference, Stopping stopping) {

    /** One point of accuracy. */
    public static final double DEFAULT_SMALLEST_DIFFERENCE = 0.01;

    public static Analysis of(ExperimentSpec spec) {
        return new Analysis(spec.primaryEpoch(), spec.smallestDifference() != null
                ? spec.smallestDifference() : DEFAULT_SMALLEST_DIFFERENCE, Stopping.of(spec.stopping()));
    }

    /** The epoch of the primary endpoint for a recipe of {@code epochs} epochs. */
    public int primaryEpochOf(int epochs) {
        return primaryEpoch != null ? primaryEpoch : epochs - 1;
    }
}
