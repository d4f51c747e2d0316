package dev.initlab.training;

import ai.djl.Device;
import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.ImageSplit;
import dev.initlab.training.data.PreparedDataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunTrainerTest {

    private static final int IMAGE_SIZE = 16;
    private static final PatternDataset DATA = PatternDataset.create(2, 32, 12, IMAGE_SIZE, 5);

    private static RunConfig config(int epochs, float bn2Gamma, long seed) {
        return new RunConfig(epochs, 8, 1e-3, 0.01, HeadType.FASTAI, bn2Gamma, seed);
    }

    @Test
    void sameSeedAndVariantGiveIdenticalEpochMetricsOnFreshThreads() throws Exception {
        List<EpochMetrics> first = trainOnNewThread(config(2, 0f, 11));
        List<EpochMetrics> second = trainOnNewThread(config(2, 0f, 11));

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
    void reportsEveryBatchAndEveryEpochToTheListener() {
        Recorder recorder = new Recorder(Integer.MAX_VALUE);

        List<EpochMetrics> history = RunTrainer.train(config(2, 1f, 3), DATA, Device.cpu(), recorder);

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

        assertThatThrownBy(() -> RunTrainer.train(config(3, 1f, 3), DATA, Device.cpu(), recorder))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessage("cancelled at epoch 0, batch 2");
        assertThat(recorder.batches).hasSize(2);
        assertThat(recorder.epochs).isEmpty();
    }

    @Test
    void nanLossFailsTheRunWithEpochAndBatch() {
        PreparedDataset poisoned = new PoisonedDataset(DATA, 1);

        assertThatThrownBy(() -> RunTrainer.train(config(2, 1f, 3), poisoned, Device.cpu(), new Recorder(99)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("training loss became NaN at epoch 0, batch 2 of 4");
    }

    @Test
    void aTrainingSplitSmallerThanOneBatchFailsWithAReason() {
        PreparedDataset tiny = PatternDataset.create(2, 5, 4, IMAGE_SIZE, 1);

        assertThatThrownBy(() -> RunTrainer.train(config(1, 1f, 3), tiny, Device.cpu(), new Recorder(99)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("fewer than one batch of 8");
    }

    @Test
    void aBatchOfOneImageFailsWithAReason() {
        RunConfig batchOfOne = new RunConfig(1, 1, 1e-3, 0.01, HeadType.FASTAI, 1f, 3);

        assertThatThrownBy(() -> RunTrainer.train(batchOfOne, DATA, Device.cpu(), new Recorder(99)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("batches of at least 2 images");
    }

    private static List<EpochMetrics> trainOnNewThread(RunConfig config) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            return CompletableFuture.supplyAsync(
                    () -> RunTrainer.train(config, DATA, Device.cpu(), new Recorder(Integer.MAX_VALUE)), executor).get();
        } finally {
            executor.shutdown();
        }
    }

    private static List<EpochMetrics> withoutTime(List<EpochMetrics> history) {
        return history.stream().map(m -> new EpochMetrics(m.epoch(), m.trainLoss(), m.trainLossMean(),
                m.validLoss(), m.accuracy(), 0)).toList();
    }

    /** Records progress and asks to cancel once {@code cancelAfter} batches are done. */
    private static final class Recorder implements TrainingListener {

        final List<BatchProgress> batches = new ArrayList<>();
        final List<EpochMetrics> epochs = new ArrayList<>();
        private final int cancelAfter;

        Recorder(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onBatch(BatchProgress progress) {
            batches.add(progress);
        }

        @Override
        public void onEpoch(EpochMetrics metrics) {
            epochs.add(metrics);
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
                public BatchStream batches(int batchSize, boolean training, long seed, int epoch) {
                    BatchStream batches = train.batches(batchSize, training, seed, epoch);
                    return new BatchStream() {
                        private int index;

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
