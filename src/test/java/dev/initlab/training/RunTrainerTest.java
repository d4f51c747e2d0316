package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.ImageSplit;
import dev.initlab.training.data.PreparedDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunTrainerTest {

    private static final int IMAGE_SIZE = 16;

    @TempDir
    static Path dataRoot;
    /** Trained through the production path: the synthetic source, its pixel cache and its batching. */
    private static PreparedDataset shapes;

    @BeforeAll
    static void prepareData() throws IOException {
        shapes = synthetic(32, 12);
    }

    private static PreparedDataset synthetic(int trainImages, int validImages) throws IOException {
        return new DatasetCatalog(dataRoot).prepare(new DatasetRequest("synthetic", IMAGE_SIZE, trainImages, validImages));
    }

    private static RunConfig config(int epochs, float bn2Gamma, long seed) {
        return new RunConfig(epochs, 8, 1e-3, 0.01, HeadType.FASTAI, bn2Gamma, seed);
    }

    @Test
    void sameSeedAndVariantGiveIdenticalEpochMetricsOnFreshThreads() throws Exception {
        List<EpochResult> first = trainOnNewThread(config(2, 0f, 11));
        List<EpochResult> second = trainOnNewThread(config(2, 0f, 11));

        assertThat(first).hasSize(2);
        assertThat(withoutTime(first)).isEqualTo(withoutTime(second));
        assertThat(first).allSatisfy(metrics -> {
            assertThat(metrics.trainLoss()).isFinite().isPositive();
            assertThat(metrics.validLoss()).isFinite().isPositive();
            assertThat(metrics.accuracy()).isBetween(0.0, 1.0);
            assertThat(metrics.seconds()).isPositive();
        });
    }

    @Test
    void aRunTrainedBesideThreeOthersGivesTheSameEpochsAsAlone() throws Exception {
        RunConfig watched = config(2, 0f, 21);
        List<EpochResult> alone = trainOnNewThread(watched);

        List<RunConfig> side = List.of(watched, config(2, 1f, 21), config(2, 0f, 22), config(2, 0.5f, 23));
        ExecutorService executor = Executors.newFixedThreadPool(side.size());
        try {
            List<CompletableFuture<List<EpochResult>>> together = side.stream().map(config -> CompletableFuture.supplyAsync(
                    () -> RunTrainer.train(config, shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE)), executor)).toList();

            assertThat(withoutTime(together.get(0).get())).isEqualTo(withoutTime(alone));
            assertThat(withoutTime(together.get(1).get())).isNotEqualTo(withoutTime(alone));
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void dropoutMasksComeFromTheSeedSoTwoSeedsDifferOnlyThroughThem() {
        List<EpochResult> first = RunTrainer.train(config(1, 1f, 5), shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE));
        List<EpochResult> second = RunTrainer.train(config(1, 1f, 6), shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE));

        assertThat(first.get(0).trainLoss()).isNotEqualTo(second.get(0).trainLoss());
    }

    @Test
    void aRunResumedFromAMidEpochStopEndsWithTheNumbersOfARunThatNeverStopped() throws Exception {
        RunConfig config = config(3, 0f, 31);
        List<EpochResult> straight = RunTrainer.train(config, shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE));
        Recorder stopsInEpochOne = new Recorder(6);

        assertThatThrownBy(() -> RunTrainer.train(config, shapes, Device.cpu(), stopsInEpochOne))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(stopsInEpochOne.stoppedAt).isEqualTo("epoch 1, batch 2");
        List<EpochResult> resumed = RunTrainer.resume(config, shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE),
                new ByteArrayInputStream(stopsInEpochOne.stopCheckpoint));

        assertThat(withoutTime(resumed)).isEqualTo(withoutTime(straight.subList(1, 3)));
    }

    @Test
    void aRunResumedFromAnEpochCheckpointContinuesWithTheNextEpoch() throws Exception {
        RunConfig config = config(3, 1f, 32);
        Recorder recorder = Recorder.keepingEpochCheckpoints();
        List<EpochResult> straight = RunTrainer.train(config, shapes, Device.cpu(), recorder);

        List<EpochResult> resumed = RunTrainer.resume(config, shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE),
                new ByteArrayInputStream(recorder.epochCheckpoints.get(1)));

        assertThat(resumed).hasSize(1);
        assertThat(withoutTime(resumed)).isEqualTo(withoutTime(straight.subList(2, 3)));
    }

    @Test
    void aCheckpointOfAnotherRunOrVersionOrADamagedOneMeansTrainingAgainFromTheStart() {
        Recorder recorder = Recorder.keepingEpochCheckpoints();
        List<EpochResult> straight = RunTrainer.train(config(2, 1f, 33), shapes, Device.cpu(), recorder);
        byte[] checkpoint = recorder.epochCheckpoints.get(0);
        byte[] damaged = checkpoint.clone();
        damaged[damaged.length / 2] ^= 1;
        List<EpochResult> otherStraight = RunTrainer.train(config(2, 1f, 34), shapes, Device.cpu(), new Recorder(99));

        List<EpochResult> fromAnotherRun = RunTrainer.resume(config(2, 1f, 34), shapes, Device.cpu(),
                new Recorder(99), new ByteArrayInputStream(checkpoint));
        List<EpochResult> fromDamaged = RunTrainer.resume(config(2, 1f, 33), shapes, Device.cpu(), new Recorder(99),
                new ByteArrayInputStream(damaged));

        assertThat(withoutTime(fromAnotherRun)).isEqualTo(withoutTime(otherStraight));
        assertThat(withoutTime(fromDamaged)).as("the half-read model is not trained on")
                .isEqualTo(withoutTime(straight));
    }

    @Test
    void validationBatchesGrowForSmallImagesOnlyAndNeverShrink() {
        assertThat(validationBatch(64, 32)).isEqualTo(256);
        assertThat(validationBatch(32, 64)).isEqualTo(64);
        assertThat(validationBatch(64, 64)).isEqualTo(64);
        assertThat(validationBatch(64, 128)).isEqualTo(64);
        assertThat(validationBatch(16, 32)).isEqualTo(64);
        assertThat(validationBatch(512, 32)).isEqualTo(512);
    }

    private static int validationBatch(int trainingBatch, int imageSize) {
        return RunTrainer.validationBatchSize(
                new RunConfig(1, trainingBatch, 1e-3, 0.01, HeadType.FASTAI, 1f, 0), imageSize);
    }

    @Test
    void reportsEveryBatchAndEveryEpochToTheListener() {
        Recorder recorder = new Recorder(Integer.MAX_VALUE);

        List<EpochResult> history = RunTrainer.train(config(2, 1f, 3), shapes, Device.cpu(), recorder);

        assertThat(recorder.epochs).isEqualTo(history);
        assertThat(recorder.batches).hasSize(8);
        assertThat(recorder.batches.get(5)).satisfies(progress -> {
            assertThat(progress.epoch()).isEqualTo(1);
            assertThat(progress.batch()).isEqualTo(2);
            assertThat(progress.batchesPerEpoch()).isEqualTo(4);
            assertThat(progress.imagesPerSecond()).isPositive();
        });
    }

    @Test
    void cancelStopsAtTheNextBatch() {
        Recorder recorder = new Recorder(2);

        assertThatThrownBy(() -> RunTrainer.train(config(3, 1f, 3), shapes, Device.cpu(), recorder))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessage("cancelled at epoch 0, batch 2");
        assertThat(recorder.batches).hasSize(2);
        assertThat(recorder.epochs).isEmpty();
    }

    @Test
    void nanLossFailsTheRunWithEpochAndBatch() {
        PreparedDataset poisoned = new PoisonedDataset(shapes, 1);

        assertThatThrownBy(() -> RunTrainer.train(config(2, 1f, 3), poisoned, Device.cpu(), new Recorder(99)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("training loss became NaN at epoch 0, batch 2 of 4");
    }

    /**
     * The CPU side of a CUDA out-of-memory error: torch's exception, thrown as the JNI throws it, in
     * the middle of an epoch. scripts/gpu-kit's GpuOutOfMemoryCheck runs the real one on a GPU.
     */
    @Test
    void anOutOfMemoryErrorFailsTheRunWithAReasonAndTheNextRunTrains() {
        Recorder outOfMemory = new Recorder(99) {
            @Override
            public void onBatch(BatchProgress progress) {
                super.onBatch(progress);
                if (batches.size() == 2) {
                    throw new EngineException("CUDA out of memory. Tried to allocate 20.00 GiB. GPU 0 has a total "
                            + "capacity of 79.19 GiB of which 1.02 GiB is free.\nException raised from malloc at …");
                }
            }
        };

        assertThatThrownBy(() -> RunTrainer.train(config(2, 1f, 3), shapes, Device.cpu(), outOfMemory))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageStartingWith("out of CPU memory: a batch of 8 images at 16 px did not fit")
                .hasMessageContaining("(torch: CUDA out of memory. Tried to allocate 20.00 GiB. GPU 0 has a total "
                        + "capacity of 79.19 GiB of which 1.02 GiB is free.)")
                .hasMessageContaining("initlab.worker.runs-per-device")
                .hasMessageNotContaining("malloc");
        assertThat(RunTrainer.train(config(1, 1f, 3), shapes, Device.cpu(), new Recorder(99))).hasSize(1);
    }

    @Test
    void otherEngineErrorsPassThroughUnchanged() {
        Recorder broken = new Recorder(99) {
            @Override
            public void onBatch(BatchProgress progress) {
                throw new EngineException("expected scalar type Float but found Double");
            }
        };

        assertThatThrownBy(() -> RunTrainer.train(config(1, 1f, 3), shapes, Device.cpu(), broken))
                .isExactlyInstanceOf(EngineException.class)
                .hasMessage("expected scalar type Float but found Double");
    }

    @Test
    void aTrainingSplitSmallerThanOneBatchFailsWithAReason() throws IOException {
        PreparedDataset tiny = synthetic(5, 4);

        assertThatThrownBy(() -> RunTrainer.train(config(1, 1f, 3), tiny, Device.cpu(), new Recorder(99)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("fewer than one batch of 8");
    }

    @Test
    void aBatchOfOneImageFailsWithAReason() {
        RunConfig batchOfOne = new RunConfig(1, 1, 1e-3, 0.01, HeadType.FASTAI, 1f, 3);

        assertThatThrownBy(() -> RunTrainer.train(batchOfOne, shapes, Device.cpu(), new Recorder(99)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("batches of at least 2 images");
    }

    private static List<EpochResult> trainOnNewThread(RunConfig config) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            return CompletableFuture.supplyAsync(
                    () -> RunTrainer.train(config, shapes, Device.cpu(), new Recorder(Integer.MAX_VALUE)), executor).get();
        } finally {
            executor.shutdown();
        }
    }

    private static List<EpochResult> withoutTime(List<EpochResult> history) {
        return history.stream().map(m -> new EpochResult(m.epoch(), m.trainLoss(), m.trainLossMean(),
                m.validLoss(), m.accuracy(), 0)).toList();
    }

    /** Records progress and checkpoints, and asks to cancel once {@code cancelAfter} batches are done. */
    private static class Recorder implements TrainingListener {

        final List<BatchProgress> batches = new ArrayList<>();
        final List<EpochResult> epochs = new ArrayList<>();
        final List<byte[]> epochCheckpoints = new ArrayList<>();
        byte[] stopCheckpoint;
        String stoppedAt;
        private final int cancelAfter;
        private boolean keepsEpochCheckpoints;

        Recorder(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        /** Also serialises every epoch's checkpoint (a deflated ResNet18 each, about 2 s), to resume from. */
        static Recorder keepingEpochCheckpoints() {
            Recorder recorder = new Recorder(Integer.MAX_VALUE);
            recorder.keepsEpochCheckpoints = true;
            return recorder;
        }

        @Override
        public void onBatch(BatchProgress progress) {
            batches.add(progress);
        }

        @Override
        public void onEpoch(EpochResult metrics, Checkpoint checkpoint) {
            epochs.add(metrics);
            if (keepsEpochCheckpoints) {
                epochCheckpoints.add(bytes(checkpoint));
            }
        }

        @Override
        public void onStop(Checkpoint checkpoint) {
            stoppedAt = "epoch " + checkpoint.epoch() + ", batch " + checkpoint.batch();
            stopCheckpoint = bytes(checkpoint);
        }

        private static byte[] bytes(Checkpoint checkpoint) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                checkpoint.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        @Override
        public boolean cancelRequested() {
            return batches.size() >= cancelAfter;
        }
    }

    /** The same data with one NaN pixel in one training batch of every epoch. */
    private record PoisonedDataset(PreparedDataset data, int poisonedBatch) implements PreparedDataset {

        @Override
        public String name() {
            return data.name();
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public ImageSplit train() {
            ImageSplit train = data.train();
            return new ImageSplit() {
                @Override
                public int size() {
                    return train.size();
                }

                @Override
                public int imageSize() {
                    return train.imageSize();
                }

                @Override
                public int label(int index) {
                    return train.label(index);
                }

                @Override
                public BatchStream batches(int batchSize, boolean training, long seed, int epoch, int firstBatch) {
                    BatchStream batches = train.batches(batchSize, training, seed, epoch, firstBatch);
                    return new BatchStream() {
                        private int index = firstBatch;

                        @Override
                        public int batchCount() {
                            return batches.batchCount();
                        }

                        @Override
                        public boolean hasNext() {
                            return batches.hasNext();
                        }

                        @Override
                        public HostBatch next() {
                            HostBatch batch = batches.next();
                            if (index++ == poisonedBatch) {
                                batch.pixels()[0] = Float.NaN;
                            }
                            return batch;
                        }

                        @Override
                        public void close() {
                            batches.close();
                        }
                    };
                }
            };
        }

        @Override
        public ImageSplit valid() {
            return data.valid();
        }
    }
}
