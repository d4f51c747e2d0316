package dev.initlab.training;

/** Where a run stands within its current epoch; {@code batch} counts the training batches done. */
public record BatchProgress(int epoch, int batch, int batchesPerEpoch, double imagesPerSecond) {
}
