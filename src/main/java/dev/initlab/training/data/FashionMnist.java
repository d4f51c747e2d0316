package dev.initlab.training.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST from its four IDX {@code .gz} files: 60,000 training and 10,000 test images, grey,
 * 28 × 28, 10 classes. Taken from the system folder when all four files are there, otherwise from
 * {@code <dataRoot>/fashion-mnist}, where missing files are downloaded.
 */
final class FashionMnist {

    static final String NAME = "fashion-mnist";
    static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final int TRAIN_IMAGES = 60_000;
    static final int TEST_IMAGES = 10_000;

    private static final int SIDE = 28;
    private static final int LABELS_MAGIC = 0x801;
    private static final int IMAGES_MAGIC = 0x803;

    private enum Part {
        TRAIN("train", TRAIN_IMAGES), TEST("t10k", TEST_IMAGES);

        final String prefix;
        final int count;

        Part(String prefix, int count) {
            this.prefix = prefix;
            this.count = count;
        }

        String imagesFile() {
            return prefix + "-images-idx3-ubyte.gz";
        }

        String labelsFile() {
            return prefix + "-labels-idx1-ubyte.gz";
        }
    }

    private FashionMnist() {
    }

    static SourceDataset open(Path dataRoot, Path systemFolder, URI baseUrl, Downloader downloader,
                              PreparationMonitor monitor) throws IOException {
        Path folder = hasAllFiles(systemFolder) ? systemFolder
                : downloadMissing(dataRoot.resolve(NAME), baseUrl, downloader, monitor);
        return new SourceDataset(NAME, CLASS_NAMES, split(folder, Part.TRAIN), split(folder, Part.TEST));
    }

    private static boolean hasAllFiles(Path folder) {
        return folder != null && Arrays.stream(Part.values()).allMatch(part ->
                Files.isRegularFile(folder.resolve(part.imagesFile())) && Files.isRegularFile(folder.resolve(part.labelsFile())));
    }

    private static Path downloadMissing(Path folder, URI baseUrl, Downloader downloader, PreparationMonitor monitor)
            throws IOException {
        return FileLocks.holding(folder.resolveSibling(NAME + ".lock"), monitor, holder -> {
            for (Part part : Part.values()) {
                downloadIfMissing(downloader, baseUrl, folder.resolve(part.labelsFile()),
                        path -> readIdx(path, LABELS_MAGIC, part.count, 1), holder);
                downloadIfMissing(downloader, baseUrl, folder.resolve(part.imagesFile()),
                        path -> readIdx(path, IMAGES_MAGIC, part.count, SIDE * SIDE), holder);
            }
            return folder;
        });
    }

    private static void downloadIfMissing(Downloader downloader, URI baseUrl, Path file, Downloader.Verifier verifier,
                                          PreparationMonitor monitor) throws IOException {
        if (!Files.exists(file)) {
            // no published MD5 fits every mirror's gzip; the gzip CRC and the IDX header check the content instead
            downloader.download(baseUrl.resolve(file.getFileName().toString()), file, null, verifier, monitor);
        }
    }

    private static SourceSplit split(Path folder, Part part) throws IOException {
        byte[] labels = readIdx(folder.resolve(part.labelsFile()), LABELS_MAGIC, part.count, 1);
        return new IdxSplit(part.prefix, folder.resolve(part.imagesFile()), labels, part.count);
    }

    /** Reads a whole IDX file, checking its header, its length and its gzip checksum. */
    private static byte[] readIdx(Path file, int magic, int count, int itemBytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)))) {
            int foundMagic = in.readInt();
            int foundCount = in.readInt();
            if (foundMagic != magic || foundCount != count) {
                throw new IOException(file + " is not the expected IDX file: magic " + foundMagic + ", " + foundCount + " items");
            }
            if (magic == IMAGES_MAGIC && (in.readInt() != SIDE || in.readInt() != SIDE)) {
                throw new IOException(file + " does not hold " + SIDE + " × " + SIDE + " images");
            }
            byte[] data = new byte[count * itemBytes];
            in.readFully(data);
            if (in.read() != -1) {
                throw new IOException(file + " has bytes after its " + count + " items");
            }
            return data;
        } catch (EOFException | ZipException e) {
            throw new IOException(file + " is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    private static final class IdxSplit implements SourceSplit {

        private final String prefix;
        private final Path imagesFile;
        private final byte[] labels;
        private final int count;
        private byte[] images;

        IdxSplit(String prefix, Path imagesFile, byte[] labels, int count) {
            this.prefix = prefix;
            this.imagesFile = imagesFile;
            this.labels = labels;
            this.count = count;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public String id(int index) {
            return prefix + "/" + index;
        }

        @Override
        public Pixels read(int index) throws IOException {
            int bytes = SIDE * SIDE;
            return new Pixels(SIDE, SIDE, 1, Arrays.copyOfRange(images(), index * bytes, (index + 1) * bytes));
        }

        /** Loaded on first use only: once the pixel cache exists, the images file is never read. */
        private synchronized byte[] images() throws IOException {
            if (images == null) {
                images = readIdx(imagesFile, IMAGES_MAGIC, count, SIDE * SIDE);
            }
            return images;
        }
    }
}
