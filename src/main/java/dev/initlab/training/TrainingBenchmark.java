package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.PreparedDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training speed and memory of ResNet18 on this machine, run with
 * {@code ./mvnw -q -Pbenchmark compile exec:exec -Dbench.size=32 -Dbench.batch=64}. Prints the pure
 * training-step rate on tensors already on the device, then each epoch's rate through the real data
 * pipeline (the dataset catalog's pixel cache and prefetching batch stream) and the process's resident
 * memory. With {@code -Dbench.runs=N}, N runs train at once, each on its own thread, as a worker pool
 * with {@code runs-per-device=N} trains them, and torch's intra-op threads are split between them
 * ({@code -Dbench.threads} overrides); the sum of their training images/s is printed. Other
 * properties: bench.dataset (fashion-mnist), bench.data (the data root), bench.train, bench.valid
 * (images), bench.epochs, bench.steps, bench.device, bench.head.
 */
public final class TrainingBenchmark {

    private static final int WARM_UP_STEPS = 3;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.getInteger("bench.size", 32);
        int batch = Integer.getInteger("bench.batch", 64);
        int trainImages = Integer.getInteger("bench.train", 1024);
        int validImages = Integer.getInteger("bench.valid", 256);
        int epochs = Integer.getInteger("bench.epochs", 10);
        int steps = Integer.getInteger("bench.steps", 20);
        int runs = Integer.getInteger("bench.runs", 1);
        int threads = Integer.getInteger("bench.threads", Math.max(1, Runtime.getRuntime().availableProcessors() / runs));
        Device device = Device.fromName(System.getProperty("bench.device", "cpu"));
        HeadType head = HeadType.valueOf(System.getProperty("bench.head", "fastai").toUpperCase(Locale.ROOT));
        RunConfig config = new RunConfig(epochs, batch, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                head, 0f, 0);
        String dataset = System.getProperty("bench.dataset", "fashion-mnist");
        Path dataRoot = Path.of(System.getProperty("bench.data", "target/bench-data"));
        PreparedDataset data = new DatasetCatalog(dataRoot)
                .prepare(new DatasetRequest(dataset, size, trainImages, validImages));
        Engine.getEngine(Learner.ENGINE);
        JniUtils.setNumThreads(threads);

        System.out.printf("resnet18 %s head, %d px, batch %d, device %s, %s (%d train, %d valid images), "
                        + "%d run(s) at once, %d intra-op thread(s)%n", head, size, batch, device, dataset,
                data.train().size(), data.valid().size(), runs, threads);
        if (runs == 1) {
            double pure = pureTrainingSteps(config, data.classNames().size(), size, steps, device);
            double whole = wholeEpochs(config, data, device, 1);
            System.out.printf("whole epoch / pure step: %.3f (target >= 0.95)%n", whole / pure);
        } else {
            double together = wholeEpochs(config, data, device, runs);
            System.out.printf("%d runs at once, %d intra-op thread(s): %.1f train images/s together (epochs 2-%d)%n",
                    runs, threads, together, epochs);
        }
    }
    private static double pureTrainingSteps(RunConfig config, int classes, int size, int steps, Device device) {
        try (Learner learner = new Learner(config, classes, device);
             NDManager inputs = learner.manager().newSubManager()) {
            NDArray images = inputs.randomUniform(0, 1, new Shape(config.batchSize(), 3, size, size));
            NDArray labels = inputs.randomInteger(0, classes, new Shape(config.batchSize()), DataType.INT64);
            for (int step = 0; step < WARM_UP_STEPS; step++) {
                learner.trainStep(images, labels, step, config.lrMax(), 0.9);
            }
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                learner.trainStep(images, labels, WARM_UP_STEPS + step, config.lrMax(), 0.9);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double imagesPerSecond = steps * config.batchSize() / seconds;
            System.out.printf("pure training step: %.1f images/s (%d steps, %.3f s/step)%n",
                    imagesPerSecond, steps, seconds / steps);
            return imagesPerSecond;
        }
    }

    /**
     * Trains {@code runs} runs at once (seeds 0, 1, …) through the data pipeline; answers the sum of
     * their mean training images/s after the first epoch. Run 0 prints its epochs and the process's RSS.
     */
    private static double wholeEpochs(RunConfig config, PreparedDataset data, Device device, int runs)
            throws InterruptedException {
        int trainedPerEpoch = data.train().size() / config.batchSize() * config.batchSize();
        int imagesPerEpoch = trainedPerEpoch + data.valid().size();
        long[] rssAfterEpoch = new long[config.epochs()];
        double[][] trainImagesPerSecond = new double[runs][config.epochs()];
        List<Thread> threads = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            int index = run;
            RunConfig seeded = new RunConfig(config.epochs(), config.batchSize(), config.lrMax(), config.weightDecay(),
                    config.head(), config.bn2Gamma(), run);
            Thread thread = new Thread(() ->
                    RunTrainer.train(seeded, data, device, new TrainingListener() {
                        private long epochStart = System.nanoTime();

                        @Override
                        public void onBatch(BatchProgress progress) {
                            if (progress.batch() == progress.batchesPerEpoch()) {
                                // training images/s leave validation out, as the pure step does
                                trainImagesPerSecond[index][progress.epoch()] =
                                        trainedPerEpoch / ((System.nanoTime() - epochStart) / 1e9);
                            }
                        }

                        @Override
                        public void onEpoch(EpochMetrics metrics, Checkpoint checkpoint) {
                            epochStart = System.nanoTime();
                            if (index == 0) {
                                rssAfterEpoch[metrics.epoch()] = residentKib();
                                System.out.printf("epoch %d: %.2f s, %.1f images/s (train+valid), %.1f train images/s "
                                                + "(training only), train_loss %.4f, accuracy %.4f, VmRSS %d MiB "
                                                + "(Java heap committed %d MiB)%n", metrics.epoch() + 1,
                                        metrics.seconds(), imagesPerEpoch / metrics.seconds(),
                                        trainImagesPerSecond[0][metrics.epoch()], metrics.trainLoss(),
                                        metrics.accuracy(), rssAfterEpoch[metrics.epoch()] / 1024,
                                        Runtime.getRuntime().totalMemory() >> 20);
                            }
                        }
                    }), "bench-run-" + run);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (config.epochs() >= 10) {
            System.out.printf("VmRSS after epoch 2: %d MiB, after epoch 10: %d MiB, growth %.2f %% (target < 3 %%)%n",
                    rssAfterEpoch[1] / 1024, rssAfterEpoch[9] / 1024,
                    100.0 * (rssAfterEpoch[9] - rssAfterEpoch[1]) / rssAfterEpoch[1]);
        }
        double together = 0;
        for (double[] run : trainImagesPerSecond) {
            together += Arrays.stream(run).skip(1).average().orElse(run[0]);
        }
        return together;
    }

    /** This process's resident set in KiB, from VmRSS in /proc/self/status (Linux). */
    private static long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
