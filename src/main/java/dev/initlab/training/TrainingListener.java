package dev.initlab.training;

/** Receives a run's progress as it trains, on the training thread. */
public interface TrainingListener {

    default void onBatch(BatchProgress progress) {
    }

    /** A validation batch is done; {@code batch} counts the batches done of {@code batches}. */
    default void onValidationBatch(int epoch, int batch, int batches) {
    }

    /** An epoch ended; {@code checkpoint} is the state right after it, for a listener that wants to keep it. */
    void onEpoch(EpochResult metrics, Checkpoint checkpoint);

    /** Asked between batches; once true the run stops with a {@link TrainingCancelledException}. */
    default boolean cancelRequested() {
        return false;
    }

    /** The run is stopping because {@link #cancelRequested} said so; {@code checkpoint} is where it stands. */
    default void onStop(Checkpoint checkpoint) {
    }
}
