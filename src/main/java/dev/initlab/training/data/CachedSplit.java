package dev.initlab.training.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A split read from a pixel cache file (see {@link PixelCache} for its layout), memory-mapped in
 * segments because one mapping cannot exceed 2 GiB. Each image's shorter side equals
 * {@link #imageSize()}; batches crop a square of that side from it.
 */
final class CachedSplit implements ImageSplit {

    private static final long MAX_SEGMENT_BYTES = 1L << 30;
    private static final float[] UNIT = new float[256];

    static {
        for (int value = 0; value < UNIT.length; value++) {
            UNIT[value] = value / 255f;
        }
    }

    private final String description;
    private final int side;
    private final int channels;
    private final int[] labels;
    private final int[] widths;
    private final int[] heights;
    private final int[] segmentOf;
    private final int[] offsetInSegment;
    private final List<MappedByteBuffer> segments;

    private CachedSplit(String description, int side, int channels, int[] labels, int[] widths, int[] heights,
                        int[] segmentOf, int[] offsetInSegment, List<MappedByteBuffer> segments) {
        this.description = description;
        this.side = side;
        this.channels = channels;
        this.labels = labels;
        this.widths = widths;
        this.heights = heights;
        this.segmentOf = segmentOf;
        this.offsetInSegment = offsetInSegment;
        this.segments = segments;
    }

    static CachedSplit open(Path file, String description) throws IOException {
        return open(file, description, MAX_SEGMENT_BYTES);
    }

    /** {@code maxSegmentBytes} is a parameter so that tests can exercise several segments on tiny files. */
    static CachedSplit open(Path file, String description, long maxSegmentBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = readFully(channel, 0, PixelCache.HEADER_BYTES);
            if (header.getLong() != PixelCache.MAGIC) {
                throw new IOException(file + " is not a pixel cache of this version");
            }
            int count = header.getInt();
            int channels = header.getInt();
            int side = header.getInt();
            ByteBuffer index = readFully(channel, PixelCache.HEADER_BYTES, (long) count * PixelCache.ENTRY_BYTES);
            int[] labels = new int[count];
            int[] widths = new int[count];
            int[] heights = new int[count];
            long[] offsets = new long[count];
            for (int i = 0; i < count; i++) {
                labels[i] = index.getInt();
                widths[i] = index.getInt();
                heights[i] = index.getInt();
                offsets[i] = index.getLong();
            }
            int[] segmentOf = new int[count];
            int[] offsetInSegment = new int[count];
            List<MappedByteBuffer> segments = new ArrayList<>();
            long segmentStart = PixelCache.HEADER_BYTES + (long) count * PixelCache.ENTRY_BYTES;
            for (int i = 0; i < count; i++) {
                long end = offsets[i] + (long) widths[i] * heights[i] * channels;
                if (end - segmentStart > maxSegmentBytes) {
                    segments.add(channel.map(FileChannel.MapMode.READ_ONLY, segmentStart, offsets[i] - segmentStart));
                    segmentStart = offsets[i];
                }
                segmentOf[i] = segments.size();
                offsetInSegment[i] = (int) (offsets[i] - segmentStart);
            }
            segments.add(channel.map(FileChannel.MapMode.READ_ONLY, segmentStart, channel.size() - segmentStart));
            return new CachedSplit(description, side, channels, labels, widths, heights, segmentOf, offsetInSegment, segments);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(length));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("Pixel cache ends early");
            }
        }
        return buffer.flip();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int imageSize() {
        return side;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** Width and height of the cached (not cropped) image: for tests and tools. */
    int cachedWidth(int index) {
        return widths[index];
    }

    int cachedHeight(int index) {
        return heights[index];
    }

    @Override
    public BatchStream batches(int batchSize, boolean training, long seed, int epoch, int firstBatch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        BatchSize.problemWith(batchSize, side).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        int[] order = training ? shuffledOrder(seed, epoch) : identityOrder();
        int batchCount = training ? size() / batchSize : (size() + batchSize - 1) / batchSize;
        long cropSeed = SplitMix.mix(seed, epoch);
        return new PrefetchingBatchStream("batches-" + description, firstBatch, batchCount, batchIndex -> {
            int from = batchIndex * batchSize;
            int count = Math.min(batchSize, order.length - from);
            return assemble(order, from, count, training, cropSeed);
        });
    }

    /** Fisher–Yates with a generator fixed by (seed, epoch) alone. */
    private int[] shuffledOrder(long seed, int epoch) {
        int[] order = identityOrder();
        Random random = new Random(SplitMix.mix(seed, epoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private int[] identityOrder() {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * Crops and converts {@code count} images: at random places fixed by (cropSeed, image) or centred.
     * Images are copied in parallel; each one's crop depends on its index alone, so the result does not.
     */
    private HostBatch assemble(int[] order, int from, int count, boolean randomCrop, long cropSeed) {
        // batches() refused batches beyond one array, so every offset below fits an int
        float[] pixels = new float[Math.toIntExact(BatchSize.batchFloats(count, side))];
        int imageFloats = 3 * side * side;
        int[] batchLabels = new int[count];
        IntStream.range(0, count).parallel().forEach(slot -> {
            int image = order[from + slot];
            batchLabels[slot] = labels[image];
            copyCrop(image, pixels, slot * imageFloats, randomCrop, cropSeed);
        });
        return new HostBatch(pixels, batchLabels, count, side);
    }

    private void copyCrop(int image, float[] pixels, int start, boolean randomCrop, long cropSeed) {
        int spareX = widths[image] - side;
        int spareY = heights[image] - side;
        int left;
        int top;
        if (randomCrop) {
            Random random = new Random(SplitMix.mix(cropSeed, image));
            left = random.nextInt(spareX + 1);
            top = random.nextInt(spareY + 1);
        } else {
            left = spareX / 2;
            top = spareY / 2;
        }
        MappedByteBuffer segment = segments.get(segmentOf[image]);
        int imageStart = offsetInSegment[image];
        int plane = side * side;
        byte[] row = new byte[side * channels];
        for (int y = 0; y < side; y++) {
            segment.get(imageStart + ((top + y) * widths[image] + left) * channels, row, 0, row.length);
            for (int c = 0; c < 3; c++) {
                // a grey image has one channel: it is copied into all three
                int sourceChannel = channels == 1 ? 0 : c;
                int target = start + c * plane + y * side;
                for (int x = 0; x < side; x++) {
                    pixels[target + x] = UNIT[row[x * channels + sourceChannel] & 0xFF];
                }
            }
        }
    }
}
