package dev.initlab.queue;

/** Seconds left in a run, from its speed so far. */
final class Eta {

    private Eta() {
    }

    /**
     * @param secondsPerEpoch the last finished epoch's time (validation included), or 0 before the first
     */
    static double secondsLeft(int epochs, int epoch, int batch, int batchesPerEpoch, int batchSize,
                              double imagesPerSecond, double secondsPerEpoch) {
        if (imagesPerSecond <= 0) {
            return 0;
        }
        double secondsPerBatch = batchSize / imagesPerSecond;
        double epochSeconds = secondsPerEpoch > 0 ? secondsPerEpoch : batchesPerEpoch * secondsPerBatch;
        double thisEpoch = Math.max(0, batchesPerEpoch - batch) * secondsPerBatch;
        return thisEpoch + Math.max(0, epochs - epoch - 1) * epochSeconds;
    }
}
