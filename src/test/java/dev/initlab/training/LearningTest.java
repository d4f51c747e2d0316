package dev.initlab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.PreparedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real model and recipe learn: real Fashion-MNIST images (Debian's dataset-fashion-mnist), and the synthetic shapes. */
class LearningTest {

    @TempDir
    Path dataRoot;

    @Test
    void oneInitLearnsFashionMnistWellAboveChanceAndZeroInitTakesAnotherPath() throws IOException {
        PreparedDataset fashion = new DatasetCatalog(dataRoot).prepare(new DatasetRequest("fashion-mnist", 32, 2000, 1000));
        assertThat(fashion.classNames()).hasSize(10);

        List<EpochResult> oneInit = train(fashion, 1f);
        List<EpochResult> zeroInit = train(fashion, 0f);

        print("one-init", oneInit);
        print("zero-init", zeroInit);
        // measured here: one-init 0.74 and zero-init 0.61 after 2 epochs of 2,000 images; chance is 0.1
        assertThat(oneInit.get(1).accuracy()).isGreaterThan(0.5);
        assertThat(oneInit.get(1).trainLoss()).isLessThan(oneInit.get(0).trainLoss());
        assertThat(zeroInit.get(1).accuracy()).isGreaterThan(0.3);
        assertThat(zeroInit.stream().map(EpochResult::validLoss).toList())
                .isNotEqualTo(oneInit.stream().map(EpochResult::validLoss).toList());
    }

    @Test
    void syntheticShapesAreLearntInOneEpoch() throws IOException {
        PreparedDataset synthetic = new DatasetCatalog(dataRoot).prepare(new DatasetRequest("synthetic", 16, null, null));

        List<EpochResult> oneEpoch = train(synthetic, 1f, 1, 16);

        print("synthetic", oneEpoch);
        assertThat(oneEpoch.get(0).accuracy()).isGreaterThan(0.6);
    }

    private static List<EpochResult> train(PreparedDataset data, float bn2Gamma) {
        return train(data, bn2Gamma, 2, 64);
    }

    private static List<EpochResult> train(PreparedDataset data, float bn2Gamma, int epochs, int batchSize) {
        RunConfig config = new RunConfig(epochs, batchSize, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                HeadType.FASTAI, bn2Gamma, 0);
        return RunTrainer.train(config, data, Device.cpu(), (metrics, checkpoint) -> { });
    }

    private static void print(String variant, List<EpochResult> epochs) {
        epochs.forEach(epoch -> System.out.printf("%s | %d | %.6f | %.6f | %.6f | %.1f s%n", variant, epoch.epoch(),
                epoch.trainLoss(), epoch.validLoss(), epoch.accuracy(), epoch.seconds()));
    }
}
