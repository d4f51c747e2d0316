package dev.initlab.training.data;

import java.util.Optional;

/** Whether a batch's pixels fit the one float[] a {@link HostBatch} keeps them in. */
public final class BatchSize {

    /** The longest array a JVM reliably allocates (the limit ArrayList also keeps to). */
    public static final long MAX_BATCH_FLOATS = Integer.MAX_VALUE - 8;

    private BatchSize() {
    }

    /** Floats in a batch of {@code batchSize} images of 3 × imageSize × imageSize; in long, where an int would overflow. */
    public static long batchFloats(int batchSize, int imageSize) {
        return (long) batchSize * 3 * imageSize * imageSize;
    }

    /** Why such a batch cannot be made, or empty when it can; lets callers refuse a run before it starts. */
    public static Optional<String> problemWith(int batchSize, int imageSize) {
        long floats = batchFloats(batchSize, imageSize);
        if (floats <= MAX_BATCH_FLOATS) {
            return Optional.empty();
        }
        return Optional.of("A batch of " + batchSize + " images at " + imageSize + " px needs " + floats
                + " floats, more than a Java float[] holds (" + MAX_BATCH_FLOATS + "); use a smaller batch or image size");
    }
}
