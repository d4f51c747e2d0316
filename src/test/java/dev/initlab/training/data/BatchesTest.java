package dev.initlab.training.data;

import static dev.initlab.training.data.PreparationMonitor.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchesTest {

    private static final int SIDE = CoordinateImages.SIDE;

    /** Which image a batch slot holds and where its crop starts. */
    private record Crop(int image, int left, int top) {
    }

    @TempDir
    Path cacheFolder;

    private ImageSplit train;
    private ImageSplit valid;

    @BeforeEach
    void prepare() throws IOException {
        PreparedDataset dataset = new PixelCache(cacheFolder)
                .prepare(CoordinateImages.dataset(new CoordinateImages(10), new CoordinateImages(10)), SIDE, null, null, NONE);
        train = dataset.train();
        valid = dataset.valid();
    }

    @Test
    void sameSeedAndEpochGiveTheSameBatchesAndCrops() {
        assertThat(crops(train, 4, true, 7, 3)).isEqualTo(crops(train, 4, true, 7, 3));
    }

    @Test
    void aPassStartedAtABatchHoldsTheRestOfTheWholePassAndMakesNothingBefore() {
        List<Crop> whole = crops(train, 2, true, 7, 3);
        List<Crop> fromThird = new ArrayList<>();
        try (BatchStream batches = train.batches(2, true, 7, 3, 2)) {
            assertThat(batches.batchCount()).isEqualTo(5);
            while (batches.hasNext()) {
                fromThird.addAll(crops(batches.next()));
            }
        }

        assertThat(fromThird).isEqualTo(whole.subList(4, 10));
        try (BatchStream none = train.batches(2, true, 7, 3, 5)) {
            assertThat(none.hasNext()).isFalse();
        }
    }

    @Test
    void anotherEpochOrSeedGivesAnotherOrder() {
        List<Crop> reference = crops(train, 10, true, 7, 0);

        assertThat(images(crops(train, 10, true, 7, 1))).isNotEqualTo(images(reference));
        assertThat(images(crops(train, 10, true, 8, 0))).isNotEqualTo(images(reference));
        assertThat(images(reference)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void trainingDropsTheLastPartialBatchAndCropsAtRandomInsideTheImage() {
        try (BatchStream batches = train.batches(4, true, 1, 0)) {
            assertThat(batches.batchCount()).isEqualTo(2);
        }
        List<Crop> crops = new ArrayList<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            crops.addAll(crops(train, 4, true, 1, epoch));
        }

        assertThat(crops).hasSize(20 * 8).allSatisfy(crop -> {
            assertThat(crop.left()).isBetween(0, CoordinateImages.width(crop.image()) - SIDE);
            assertThat(crop.top()).isBetween(0, CoordinateImages.height(crop.image()) - SIDE);
        });
        assertThat(crops.stream().filter(crop -> crop.image() % 2 == 0).map(Crop::left).distinct()).hasSize(5);
        assertThat(crops.stream().filter(crop -> crop.image() % 2 == 1).map(Crop::top).distinct()).hasSize(3);
    }

    @Test
    void validationKeepsTheOrderTheLastPartialBatchAndCentredCrops() {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BatchStream batches = valid.batches(4, false, 1, 0)) {
            assertThat(batches.batchCount()).isEqualTo(3);
            while (batches.hasNext()) {
                HostBatch batch = batches.next();
                sizes.add(batch.size());
                for (int label : batch.labels()) {
                    labels.add(label);
                }
            }
        }

        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(labels).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        assertThat(crops(valid, 4, false, 99, 5)).containsExactly(
                new Crop(0, 2, 0), new Crop(1, 0, 1), new Crop(2, 2, 0), new Crop(3, 0, 1), new Crop(4, 2, 0),
                new Crop(5, 0, 1), new Crop(6, 2, 0), new Crop(7, 0, 1), new Crop(8, 2, 0), new Crop(9, 0, 1));
    }

    @Test
    void pixelsAreDividedBy255InChannelsHeightWidthOrder() {
        try (BatchStream batches = valid.batches(2, false, 0, 0)) {
            HostBatch batch = batches.next();
            int plane = SIDE * SIDE;
            assertThat(batch.imageSize()).isEqualTo(SIDE);
            assertThat(batch.pixels()).hasSize(2 * 3 * plane);
            // image 0 is 12 wide, cropped from x = 2: channel 0 at row 3, column 5 holds x = 7
            assertThat(batch.pixels()[3 * SIDE + 5]).isEqualTo(7 / 255f);
            assertThat(batch.pixels()[plane + 3 * SIDE + 5]).isEqualTo(3 / 255f);
            // image 1 is 10 high, cropped from y = 1: channel 1 at row 3 holds y = 4; channel 2 its index
            assertThat(batch.pixels()[3 * plane + plane + 3 * SIDE]).isEqualTo(4 / 255f);
            assertThat(batch.pixels()[3 * plane + 2 * plane]).isEqualTo(1 / 255f);
        }
    }

    @Test
    void batchTooBigForOneFloatArrayIsRefusedBeforeAnyIsMade() {
        // 20 M images of 3 × 8 × 8 floats: 3.84 G floats; the split holds only 10 images, yet the request alone is refused
        assertThatThrownBy(() -> valid.batches(20_000_000, false, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20000000 images")
                .hasMessageContaining("8 px")
                .hasMessageContaining(String.valueOf(BatchSize.MAX_BATCH_FLOATS));
    }

    private static List<Crop> crops(ImageSplit split, int batchSize, boolean training, long seed, int epoch) {
        List<Crop> crops = new ArrayList<>();
        try (BatchStream batches = split.batches(batchSize, training, seed, epoch)) {
            while (batches.hasNext()) {
                crops.addAll(crops(batches.next()));
            }
        }
        return crops;
    }

    private static List<Crop> crops(HostBatch batch) {
        List<Crop> crops = new ArrayList<>();
        int plane = SIDE * SIDE;
        for (int b = 0; b < batch.size(); b++) {
            int start = b * 3 * plane;
            crops.add(new Crop(Math.round(batch.pixels()[start + 2 * plane] * 255),
                    Math.round(batch.pixels()[start] * 255), Math.round(batch.pixels()[start + plane] * 255)));
        }
        return crops;
    }

    private static List<Integer> images(List<Crop> crops) {
        return crops.stream().map(Crop::image).toList();
    }
}
