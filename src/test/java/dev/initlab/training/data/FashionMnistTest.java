package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    private static final Path DEBIAN_FOLDER = DatasetSources.SYSTEM_FASHION_MNIST_FOLDER;
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path dataRoot;

    @Test
    void installedFilesGiveAllImagesLabelsAndGreyCopiedToThreeChannels() throws IOException {
        assumeThat(DEBIAN_FOLDER.resolve(FILES.get(0))).exists();

        PreparedDataset dataset = new DatasetCatalog(dataRoot).prepare(new DatasetRequest("fashion-mnist", 28, null, null));

        assertThat(dataset.classNames()).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(dataset.train().size()).isEqualTo(60_000);
        assertThat(dataset.valid().size()).isEqualTo(10_000);
        assertThat(List.of(dataset.train().label(0), dataset.train().label(1), dataset.train().label(3))).containsExactly(9, 0, 3);
        assertThat(List.of(dataset.valid().label(0), dataset.valid().label(1), dataset.valid().label(2))).containsExactly(9, 2, 1);
        assertThat(dataRoot.resolve("fashion-mnist")).doesNotExist();
        try (BatchStream batches = dataset.valid().batches(64, false, 0, 0)) {
            assertThat(batches.batchCount()).isEqualTo(157);
            HostBatch first = batches.next();
            int plane = 28 * 28;
            assertThat(first.labels()[0]).isEqualTo(9);
            double sum = 0;
            for (int b = 0; b < first.size(); b++) {
                for (int i = 0; i < plane; i++) {
                    float grey = first.pixels()[b * 3 * plane + i];
                    assertThat(first.pixels()[b * 3 * plane + plane + i]).isEqualTo(grey);
                    assertThat(first.pixels()[b * 3 * plane + 2 * plane + i]).isEqualTo(grey);
                    sum += grey;
                }
            }
            assertThat(sum / (first.size() * plane)).isBetween(0.1, 0.6);
        }
    }

    @Test
    void missingFilesAreDownloadedIntoTheDataRootOnce() throws IOException {
        assumeThat(DEBIAN_FOLDER.resolve(FILES.get(0))).exists();
        try (LocalServer server = new LocalServer()) {
            for (String file : FILES) {
                server.serve("/" + file, Files.readAllBytes(DEBIAN_FOLDER.resolve(file)));
            }
            DatasetSources sources = DatasetSources.defaults()
                    .withSystemFashionMnistFolder(dataRoot.resolve("no-system-copy"))
                    .withFashionMnistBaseUrl(server.baseUrl());

            PreparedDataset dataset = new DatasetCatalog(dataRoot, sources).prepare(new DatasetRequest("fashion-mnist", 32, 100, 50));
            new DatasetCatalog(dataRoot, sources).prepare(new DatasetRequest("fashion-mnist", 32, 100, 50));

            assertThat(dataset.train().size()).isEqualTo(100);
            assertThat(dataset.valid().size()).isEqualTo(50);
            assertThat(dataset.train().imageSize()).isEqualTo(32);
            for (String file : FILES) {
                assertThat(dataRoot.resolve("fashion-mnist").resolve(file)).exists();
                assertThat(server.requestsFor("/" + file)).isEqualTo(1);
            }
        }
    }

    @Test
    void truncatedDownloadIsRejectedAndNotKept() throws IOException {
        assumeThat(DEBIAN_FOLDER.resolve(FILES.get(0))).exists();
        try (LocalServer server = new LocalServer()) {
            byte[] labels = Files.readAllBytes(DEBIAN_FOLDER.resolve("train-labels-idx1-ubyte.gz"));
            server.serve("/train-labels-idx1-ubyte.gz", Arrays.copyOf(labels, labels.length / 2));
            DatasetSources sources = DatasetSources.defaults()
                    .withSystemFashionMnistFolder(null)
                    .withFashionMnistBaseUrl(server.baseUrl());

            assertThatThrownBy(() -> new DatasetCatalog(dataRoot, sources).prepare(new DatasetRequest("fashion-mnist", 28, 10, 10)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("train-labels-idx1-ubyte.gz");
            assertThat(dataRoot.resolve("fashion-mnist/train-labels-idx1-ubyte.gz")).doesNotExist();
            assertThat(dataRoot.resolve("fashion-mnist/train-labels-idx1-ubyte.gz.partial")).doesNotExist();
        }
    }
}
