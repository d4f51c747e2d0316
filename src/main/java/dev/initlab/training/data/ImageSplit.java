package dev.initlab.training.data;

/** The training or the validation images of a prepared dataset. */
public interface ImageSplit {

    int size();

    /** Side of the square crops that batches hold. */
    int imageSize();

    int label(int index);

    /**
     * A training pass is shuffled, drops the last partial batch and crops each image at a random
     * position; both are fixed by {@code seed} and {@code epoch} alone, so two runs with the same seed
     * see the same batches. A validation pass keeps the order, the last partial batch and centred crops.
     * The next batch is prepared on another thread while the caller works on the current one.
     */
    default BatchStream batches(int batchSize, boolean training, long seed, int epoch) {
        return batches(batchSize, training, seed, epoch, 0);
    }

    /**
     * The same pass from batch {@code firstBatch} on, as a resumed run continues its epoch: the batches
     * before it are neither made nor delivered, and {@link BatchStream#batchCount()} is still the pass's.
     */
    BatchStream batches(int batchSize, boolean training, long seed, int epoch, int firstBatch);
}
