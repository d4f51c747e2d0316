package dev.initlab.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrainableBatchValidatorTest {

    private static final RunMemory.Share SMALL_CARD = new RunMemory.Share(2_000_000_000L,
            "a worker on gpu1 has 2.0 GB per run (80 % of the 10.0 GB free of its 16.0 GB when this instance started "
                    + "÷ 4 runs at once; initlab.worker.memory-per-run)");

    @Test
    void aBatchTooBigForTheCardIsRefusedNamingTheGpu() {
        assertThat(TrainableBatchValidator.tooBigToTrain(64, 224, SMALL_CARD)).hasValue(
                "a batch of 64 images at 224 px needs about 4.8 GB to train (about 1,500 bytes per image pixel); "
                        + SMALL_CARD.source() + ": use a smaller batch or image size");
    }

    @Test
    void aBatchThatFitsPasses() {
        assertThat(TrainableBatchValidator.tooBigToTrain(64, 128, SMALL_CARD)).isEmpty();
    }
}
