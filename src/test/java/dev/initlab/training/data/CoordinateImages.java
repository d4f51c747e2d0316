package dev.initlab.training.data;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake split whose pixels say where they come from: channel 0 holds x, channel 1 holds y and
 * channel 2 the image's index, so a batch shows which image it holds and where it was cropped.
 * Even images are 12 × 8 (landscape), odd ones 8 × 10 (portrait); label = index % 3. Counts decodes.
 */
final class CoordinateImages implements SourceSplit {

    static final int SIDE = 8;

    final AtomicInteger reads = new AtomicInteger();
    private final int size;
    private final int failAt;

    CoordinateImages(int size) {
        this(size, -1);
    }

    /** Fails to decode image {@code failAt} (−1: never). */
    CoordinateImages(int size, int failAt) {
        this.size = size;
        this.failAt = failAt;
    }

    static int width(int index) {
        return index % 2 == 0 ? 12 : 8;
    }

    static int height(int index) {
        return index % 2 == 0 ? 8 : 10;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int label(int index) {
        return index % 3;
    }

    @Override
    public String id(int index) {
        return "image-" + index;
    }

    @Override
    public Pixels read(int index) throws IOException {
        reads.incrementAndGet();
        if (index == failAt) {
            throw new IOException("cannot decode image-" + index);
        }
        int width = width(index);
        int height = height(index);
        byte[] data = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * 3;
                data[at] = (byte) x;
                data[at + 1] = (byte) y;
                data[at + 2] = (byte) index;
            }
        }
        return new Pixels(width, height, 3, data);
    }

    static SourceDataset dataset(CoordinateImages train, CoordinateImages valid) {
        return new SourceDataset("coordinates", List.of("zero", "one", "two"), train, valid);
    }
}
