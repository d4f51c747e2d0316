package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BalancedSubsetTest {

    /** 50 images of class 0, then 10 of class 1, then 40 of class 2. */
    private static final SourceSplit UNBALANCED = new SourceSplit() {
        @Override
        public int size() {
            return 100;
        }

        @Override
        public int label(int index) {
            return index < 50 ? 0 : index < 60 ? 1 : 2;
        }

        @Override
        public String id(int index) {
            return Integer.toString(index);
        }

        @Override
        public Pixels read(int index) {
            throw new UnsupportedOperationException("labels only");
        }
    };

    @TempDir
    Path dataRoot;

    @Test
    void subsetTakesClassesInTurn() {
        assertThat(classCounts(chosenLabels(30))).containsExactly(10, 10, 10);
        assertThat(classCounts(chosenLabels(31))).containsExactly(11, 10, 10);
        assertThat(classCounts(chosenLabels(70))).containsExactly(30, 10, 30);
    }

    @Test
    void subsetIsInTheSplitsOrderAndNotJustItsFirstImages() {
        int[] chosen = BalancedSubset.select(UNBALANCED, 30);

        assertThat(chosen).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.stream(chosen).filter(index -> index < 50).max().orElseThrow()).isGreaterThan(20);
    }

    @Test
    void noLimitOrALargeLimitKeepsEverything() {
        assertThat(BalancedSubset.select(UNBALANCED, null)).hasSize(100);
        assertThat(BalancedSubset.select(UNBALANCED, 500)).hasSize(100);
    }

    @Test
    void subsetIsTheSameWhateverTheRunSeed() throws IOException {
        ImageSplit subset = new DatasetCatalog(dataRoot).prepare(new DatasetRequest("synthetic", 16, 40, 20)).train();

        assertThat(classCounts(labels(subset))).containsExactly(10, 10, 10, 10);
        assertThat(sortedFingerprints(subset, 1)).isEqualTo(sortedFingerprints(subset, 2));
    }

    private static int[] labels(ImageSplit split) {
        int[] labels = new int[split.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.label(i);
        }
        return labels;
    }

    /** Per image, the sum of its pixels: synthetic images are square, so crops do not change it. */
    private static List<Double> sortedFingerprints(ImageSplit split, long seed) {
        List<Double> fingerprints = new ArrayList<>();
        try (BatchStream batches = split.batches(8, true, seed, 0)) {
            while (batches.hasNext()) {
                HostBatch batch = batches.next();
                int imageFloats = 3 * batch.imageSize() * batch.imageSize();
                for (int b = 0; b < batch.size(); b++) {
                    double sum = 0;
                    for (int i = 0; i < imageFloats; i++) {
                        sum += batch.pixels()[b * imageFloats + i];
                    }
                    fingerprints.add(sum);
                }
            }
        }
        fingerprints.sort(null);
        return fingerprints;
    }

    private static int[] chosenLabels(int limit) {
        return Arrays.stream(BalancedSubset.select(UNBALANCED, limit)).map(UNBALANCED::label).toArray();
    }

    private static List<Integer> classCounts(int[] labels) {
        int[] counts = new int[Arrays.stream(labels).max().orElse(-1) + 1];
        for (int label : labels) {
            counts[label]++;
        }
        return Arrays.stream(counts).boxed().toList();
    }
}
