package dev.initlab.training;

import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.ImageSplit;
import dev.initlab.training.data.PreparedDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A small in-memory dataset with a learnable pattern, for tests and the benchmark: each class lights
 * its own vertical stripe of one colour channel over uniform noise. Batches follow the
 * {@link ImageSplit} contract (training shuffled by seed and epoch with drop_last, validation in order).
 */
public final class PatternDataset implements PreparedDataset {

    private final List<String> classNames = new ArrayList<>();
    private final Split train;
    private final Split valid;

    private PatternDataset(int classes, int trainSize, int validSize, int imageSize, long seed) {
        for (int c = 0; c < classes; c++) {
            classNames.add("stripe" + c);
        }
        SplittableRandom random = new SplittableRandom(seed);
        train = new Split(classes, trainSize, imageSize, random);
        valid = new Split(classes, validSize, imageSize, random);
    }

    public static PatternDataset create(int classes, int trainSize, int validSize, int imageSize, long seed) {
        return new PatternDataset(classes, trainSize, validSize, imageSize, seed);
    }

    @Override
    public String name() {
        return "pattern";
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public ImageSplit train() {
        return train;
    }

    @Override
    public ImageSplit valid() {
        return valid;
    }

    private static final class Split implements ImageSplit {

        private final int imageSize;
        private final float[][] images;
        private final int[] labels;

        Split(int classes, int size, int imageSize, SplittableRandom random) {
            this.imageSize = imageSize;
            this.images = new float[size][];
            this.labels = new int[size];
            int plane = imageSize * imageSize;
            int stripeWidth = Math.max(1, imageSize / classes);
            for (int i = 0; i < size; i++) {
                int label = i % classes;
                float[] pixels = new float[3 * plane];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (float) random.nextDouble(0, 0.5);
                }
                int channel = label % 3;
                for (int y = 0; y < imageSize; y++) {
                    for (int x = label * stripeWidth; x < Math.min(imageSize, (label + 1) * stripeWidth); x++) {
                        pixels[channel * plane + y * imageSize + x] = 1f;
                    }
                }
                images[i] = pixels;
                labels[i] = label;
            }
        }

        @Override
        public int size() {
            return images.length;
        }

        @Override
        public int imageSize() {
            return imageSize;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public BatchStream batches(int batchSize, boolean training, long seed, int epoch, int firstBatch) {
            int[] order = new int[images.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (training) {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
            }
            int count = training ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
            return new Stream(order, batchSize, count, firstBatch);
        }

        private final class Stream implements BatchStream {

            private final int[] order;
            private final int batchSize;
            private final int count;
            private int next;

            Stream(int[] order, int batchSize, int count, int firstBatch) {
                this.order = order;
                this.batchSize = batchSize;
                this.count = count;
                this.next = firstBatch;
            }

            @Override
            public int batchCount() {
                return count;
            }

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public HostBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next * batchSize;
                int size = Math.min(batchSize, order.length - from);
                int imageLength = 3 * imageSize * imageSize;
                float[] pixels = new float[size * imageLength];
                int[] batchLabels = new int[size];
                for (int i = 0; i < size; i++) {
                    System.arraycopy(images[order[from + i]], 0, pixels, i * imageLength, imageLength);
                    batchLabels[i] = labels[order[from + i]];
                }
                next++;
                return new HostBatch(pixels, batchLabels, size, imageSize);
            }

            @Override
            public void close() {
                next = count;
            }
        }
    }
}
