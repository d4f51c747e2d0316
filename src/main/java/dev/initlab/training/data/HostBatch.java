package dev.initlab.training.data;

/**
 * One batch as the network takes it, still on the Java heap: {@code pixels} holds {@code size}
 * images in NCHW order (3 channels, {@code imageSize} × {@code imageSize}), each value a pixel / 255.
 */
public record HostBatch(float[] pixels, int[] labels, int size, int imageSize) {
}
