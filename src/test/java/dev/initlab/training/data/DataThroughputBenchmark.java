package dev.initlab.training.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not part of the test run (its name does not end in Test): measures cache building and batch
 * assembly. Run with
 * {@code ./mvnw -B -o -q test -Dtest=DataThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DataThroughputBenchmark {

    @TempDir
    Path dataRoot;

    @Test
    void fashionMnistAt32Pixels() throws IOException {
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);
        long start = System.nanoTime();
        PreparedDataset dataset = catalog.prepare(new DatasetRequest("fashion-mnist", 32, null, null));
        report("Fashion-MNIST 60k + 10k cache build at 32 px", 70_000, start);

        start = System.nanoTime();
        catalog.prepare(new DatasetRequest("fashion-mnist", 32, null, null));
        report("Fashion-MNIST prepare again (cache hit)", 70_000, start);

        measureEpoch(dataset.train(), 64);

        PreparedDataset large = catalog.prepare(new DatasetRequest("fashion-mnist", 128, 6400, 640));
        measureEpoch(large.train(), 64);
    }

    @Test
    void jpegFolderAt128Pixels() throws IOException {
        int perSplit = 200;
        Random random = new Random(0);
        for (String split : new String[] {"train", "val"}) {
            for (int i = 0; i < perSplit; i++) {
                BufferedImage image = new BufferedImage(213, 160, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < 160; y++) {
                    for (int x = 0; x < 213; x++) {
                        image.setRGB(x, y, random.nextInt(1 << 24) & 0x7F7F7F | (x * 255 / 213) << 16);
                    }
                }
                Path file = dataRoot.resolve("jpegs/" + split + "/c" + i % 10 + "/" + i + ".jpg");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "jpg", file.toFile());
            }
        }
        long start = System.nanoTime();
        PreparedDataset dataset = new DatasetCatalog(dataRoot).prepare(new DatasetRequest("folder:jpegs", 128, null, null));
        report("400 JPEGs 213x160 decode + resize to 128 px + cache", 2 * perSplit, start);
        measureEpoch(dataset.train(), 64);
    }

    private static void measureEpoch(ImageSplit split, int batchSize) {
        for (int epoch = 0; epoch < 3; epoch++) {
            long start = System.nanoTime();
            int images = 0;
            try (BatchStream batches = split.batches(batchSize, true, 0, epoch)) {
                while (batches.hasNext()) {
                    images += batches.next().size();
                }
            }
            report("training epoch " + epoch + " batch assembly at " + split.imageSize() + " px, batch " + batchSize, images, start);
        }
    }

    private static void report(String what, int images, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("BENCHMARK %s: %d images in %.2f s = %.0f images/s%n", what, images, seconds, images / seconds);
    }
}
