package dev.initlab.training;

/** Receives a run's progress as it trains, on the training thread. */
public interface TrainingListener {

    default void onBatch(BatchProgress progress) {
    }

    void onEpoch(EpochMetrics metrics);

    /** Asked between batches; once true the run stops with a {@link TrainingCancelledException}. */
    default boolean cancelRequested() {
        return false;
    }
}
