package dev.initlab.training.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and resizes every image of a split once, into one file of uint8 pixels that later epochs
 * and runs map into memory. A file is named by dataset, split, size and a hash of the chosen images
 * (so each subset has its own), built as {@code .partial} and renamed when complete, and built by
 * one thread or process at a time. A build reports each image written and stops between images when
 * its monitor asks.
 *
 * <p>Layout: magic (8 bytes), image count, channels, side (ints); per image its label, width,
 * height (ints) and pixel offset (long); then each image's pixels, row by row, channels interleaved.
 */
final class PixelCache {

    static final long MAGIC = 0x494C_5058_4331_0001L;
    static final int HEADER_BYTES = 8 + 4 + 4 + 4;
    static final int ENTRY_BYTES = 4 + 4 + 4 + 8;

    private static final Logger log = LoggerFactory.getLogger(PixelCache.class);

    private final Path folder;

    PixelCache(Path folder) {
        this.folder = folder;
    }

    PreparedDataset prepare(SourceDataset source, int side, Integer trainLimit, Integer validLimit,
                            PreparationMonitor monitor) throws IOException {
        CachedSplit train = split(source.name(), "train", source.train(), side, trainLimit, monitor);
        CachedSplit valid = split(source.name(), "valid", source.valid(), side, validLimit, monitor);
        return new CachedDataset(source.name(), source.classNames(), train, valid);
    }

    private CachedSplit split(String dataset, String splitName, SourceSplit source, int side, Integer limit,
                              PreparationMonitor monitor) throws IOException {
        int[] chosen = BalancedSubset.select(source, limit);
        String description = dataset + " " + splitName + " at " + side + " px";
        Path file = folder.resolve(fileName(dataset, splitName, source, chosen, side));
        if (!Files.exists(file)) {
            FileLocks.holding(file.resolveSibling(file.getFileName() + ".lock"), monitor, holder -> {
                if (!Files.exists(file)) {
                    build(file, description, source, chosen, side, new Phase("caching " + description, holder));
                }
                return null;
            });
        }
        return CachedSplit.open(file, description);
    }

    private static String fileName(String dataset, String splitName, SourceSplit source, int[] chosen, int side) {
        MessageDigest digest = sha256();
        digest.update((Long.toHexString(MAGIC) + "\n" + dataset + "\n").getBytes(StandardCharsets.UTF_8));
        for (int index : chosen) {
            digest.update((source.id(index) + "\t" + source.label(index) + "\t" + source.version(index) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        String safeName = dataset.replaceAll("[^A-Za-z0-9._-]", "_");
        return safeName + "-" + splitName + "-" + side + "px-" + chosen.length + "-" + hash + ".u8";
    }

    private static void build(Path file, String description, SourceSplit source, int[] chosen, int side, Phase caching)
            throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        int count = chosen.length;
        long dataStart = HEADER_BYTES + (long) count * ENTRY_BYTES;
        ByteBuffer index = ByteBuffer.allocate(Math.toIntExact(dataStart));
        index.position(HEADER_BYTES);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService decoders = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "decode-" + description);
            thread.setDaemon(true);
            return thread;
        });
        log.info("Caching {}: {} images", description, count);
        LogThrottle throttle = new LogThrottle();
        caching.progress(0, count);
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // decoding runs ahead on every core; writing stays in order
            Deque<Future<Pixels>> decoding = new ArrayDeque<>();
            int submitted = 0;
            long offset = dataStart;
            int channels = 0;
            for (int written = 0; written < count; written++) {
                caching.stopIfRequested();
                while (submitted < count && decoding.size() < 2 * threads) {
                    int sourceIndex = chosen[submitted++];
                    decoding.add(decoders.submit(() -> Resize.shorterSideTo(source.read(sourceIndex), side)));
                }
                Pixels image = await(decoding.removeFirst());
                if (written == 0) {
                    channels = image.channels();
                } else if (image.channels() != channels) {
                    throw new IOException(source.id(chosen[written]) + " has " + image.channels()
                            + " channels, the images before it " + channels);
                }
                index.putInt(source.label(chosen[written])).putInt(image.width()).putInt(image.height()).putLong(offset);
                writeFully(out, ByteBuffer.wrap(image.data()), offset);
                offset += image.data().length;
                caching.progress(written + 1, count);
                if (throttle.due()) {
                    logProgress(description, written + 1, count, throttle);
                }
            }
            index.putLong(0, MAGIC).putInt(8, count).putInt(12, channels).putInt(16, side);
            writeFully(out, index.flip(), 0);
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            decoders.shutdownNow();
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        logProgress(description, count, count, throttle);
    }

    private static Pixels await(Future<Pixels> decoded) throws IOException {
        try {
            return decoded.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while building the pixel cache", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("Decoding failed: " + e.getCause(), e.getCause());
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += out.write(bytes, at);
        }
    }

    private static void logProgress(String description, int done, int count, LogThrottle throttle) {
        log.info("Caching {}: {}/{} images ({}%), {} images/s", description, done, count,
                count == 0 ? 100 : 100 * done / count, Math.round(done / throttle.secondsSinceStart()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private record CachedDataset(String name, List<String> classNames, ImageSplit train, ImageSplit valid)
            implements PreparedDataset {
    }
}
