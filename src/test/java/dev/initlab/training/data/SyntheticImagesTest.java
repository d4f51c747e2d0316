package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticImagesTest {

    @TempDir
    Path dataRoot;

    @Test
    void imagesAreFixedAndDrawnAtTheRequestedSize() throws IOException {
        SourceDataset first = SyntheticImages.open(24);
        SourceDataset second = SyntheticImages.open(24);

        assertThat(first.classNames()).hasSize(4);
        assertThat(first.train().read(5).data()).isEqualTo(second.train().read(5).data());
        assertThat(first.train().read(5).data()).isNotEqualTo(first.train().read(9).data());
        assertThat(first.train().read(5).width()).isEqualTo(24);
    }

    @Test
    void catalogPreparesAFewHundredBalancedImagesAtAnySize() throws IOException {
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);
        for (int size : new int[] {16, 64}) {
            PreparedDataset dataset = catalog.prepare(new DatasetRequest("synthetic", size, null, null));

            assertThat(dataset.train().size()).isEqualTo(1600);
            assertThat(dataset.valid().size()).isEqualTo(200);
            assertThat(dataset.train().imageSize()).isEqualTo(size);
            try (BatchStream batches = dataset.train().batches(64, true, 0, 0)) {
                assertThat(batches.next().pixels()).hasSize(64 * 3 * size * size);
            }
        }
    }

    @Test
    void eachClassHasItsOwnColour() throws IOException {
        SourceSplit train = SyntheticImages.open(32).train();
        for (int label = 0; label < 4; label++) {
            Pixels image = train.read(label);
            int[] shapeColour = brightestPixel(image);
            int dominant = label == 3 ? 0 : label;
            assertThat(shapeColour[dominant]).as("class %d", label).isGreaterThan(150);
        }
    }

    private static int[] brightestPixel(Pixels image) {
        int[] best = new int[3];
        for (int at = 0; at < image.data().length; at += 3) {
            int[] rgb = {image.data()[at] & 0xFF, image.data()[at + 1] & 0xFF, image.data()[at + 2] & 0xFF};
            if (rgb[0] + rgb[1] + rgb[2] > best[0] + best[1] + best[2]) {
                best = rgb;
            }
        }
        return best;
    }
}
