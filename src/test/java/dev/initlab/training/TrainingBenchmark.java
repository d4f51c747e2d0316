package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.PreparedDataset;
import dev.initlab.training.model.ResNet18;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training speed and memory of ResNet18 on this machine, and its distance to the hardware's limit, run
 * with {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.size=32 -Dbench.batch=64}.
 *
 * <p>Prints, in this order: this machine's fp32 matrix-product rate through DJL (a 2048² product on
 * all cores, the "peak"); the training step's profile on tensors already in memory (host→tensor copy,
 * forward, backward, optimizer), after warm-up steps; each epoch through the real data pipeline (pixel
 * cache, prefetching batch stream) with the process's resident memory; then validation's images/s at
 * 1, 2, 4 and 8 times the training batch. Rates come with the GFLOP/s they
 * amount to (the model's forward multiply-adds × 2 FLOPs, × 3 for a training step) and that as a
 * percentage of the peak.
 *
 * <p>With {@code -Dbench.runs=N}, N runs train at once, each on its own thread, as a worker pool with
 * {@code runs-per-device=N} trains them, torch's intra-op threads split between them ({@code
 * -Dbench.threads} overrides), and the sum of their training images/s is printed. Other properties:
 * bench.dataset (fashion-mnist), bench.data (the data root), bench.train, bench.valid (images),
 * bench.epochs, bench.steps, bench.device, bench.head.
 *
 * <p>On a GPU ({@code -Dbench.device=gpu0}) it also prints the card's memory in use before training and
 * after it, and their difference per run: what the runs' tensors and torch's cache of freed blocks hold,
 * read with {@code cudaMemGetInfo} through DJL's {@link CudaUtils}.
 */
public final class TrainingBenchmark {

    private static final int WARM_UP_STEPS = 5;
    private static final int MATMUL_SIDE = 2048;

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
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Integer.getInteger("bench.threads", Math.max(1, cores / runs));
        Device device = Device.fromName(System.getProperty("bench.device", "cpu"));
        HeadType head = HeadType.valueOf(System.getProperty("bench.head", "fastai").toUpperCase(Locale.ROOT));
        RunConfig config = new RunConfig(epochs, batch, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                head, 0f, 0);
        String dataset = System.getProperty("bench.dataset", "fashion-mnist");
        Path dataRoot = Path.of(System.getProperty("bench.data", "target/bench-data"));
        PreparedDataset data = new DatasetCatalog(dataRoot)
                .prepare(new DatasetRequest(dataset, size, trainImages, validImages));
        int classes = data.classNames().size();

        Engine.getEngine(Learner.ENGINE);
        JniUtils.setNumThreads(cores);
        double peak = matmulGflops(device);
        JniUtils.setNumThreads(threads);
        Rates rates = new Rates(trainingFlopsPerImage(head, classes, size, device), peak);

        System.out.printf("resnet18 %s head, %d px, batch %d, device %s, %s (%d train, %d valid images), "
                        + "%d run(s) at once, %d intra-op thread(s)%n", head, size, batch, device, dataset,
                data.train().size(), data.valid().size(), runs, threads);
        System.out.printf("fp32 matmul peak through DJL (%d² product, %d threads): %.1f GFLOP/s; "
                        + "a training image is %.3f GFLOP%n", MATMUL_SIDE, cores, peak, rates.flopsPerImage / 1e9);
        long gpuBytesBefore = gpuBytesInUse(device);
        if (runs == 1) {
            double pure = profileSteps(config, classes, size, steps, device, rates);
            double whole = wholeEpochs(config, data, device, 1);
            System.out.printf("whole epoch: %s%n", rates.describe(whole));
            System.out.printf("whole epoch / pure step: %.3f%n", whole / pure);
            printGpuMemory(device, gpuBytesBefore, 1);
            // last: its larger batches would raise the RSS printed for the epochs
            validationRates(config, classes, size, device);
        } else {
            double together = wholeEpochs(config, data, device, runs);
            System.out.printf("%d runs at once, %d intra-op thread(s), epochs 2-%d together: %s%n",
                    runs, threads, epochs, rates.describe(together));
            printGpuMemory(device, gpuBytesBefore, runs);
        }
    }

    /** Bytes in use on the device's card, all processes together; 0 on the CPU or where libcudart is not found. */
    private static long gpuBytesInUse(Device device) {
        return device.isGpu() && CudaUtils.hasCuda() ? CudaUtils.getGpuMemory(device).getUsed() : 0;
    }

    private static void printGpuMemory(Device device, long before, int runs) {
        if (!device.isGpu()) {
            return;
        }
        if (!CudaUtils.hasCuda()) {
            System.out.println("GPU memory: not readable, DJL's CudaUtils found no libcudart");
            return;
        }
        long after = gpuBytesInUse(device);
        long total = CudaUtils.getGpuMemory(device).getMax();
        System.out.printf("GPU memory in use (cudaMemGetInfo): %d MiB before training, %d MiB after %d run(s), "
                        + "%d MiB per run, of %d MiB%n", before >> 20, after >> 20, runs,
                (after - before) / runs >> 20, total >> 20);
    }

    /** Training FLOPs per image and the peak they are measured against. */
    private record Rates(double flopsPerImage, double peakGflops) {

        String describe(double imagesPerSecond) {
            double gflops = imagesPerSecond * flopsPerImage / 1e9;
            return String.format(Locale.ROOT, "%.1f images/s = %.1f GFLOP/s = %.0f %% of the matmul peak",
                    imagesPerSecond, gflops, 100 * gflops / peakGflops);
        }
    }

    private static double trainingFlopsPerImage(HeadType head, int classes, int size, Device device) {
        try (NDManager manager = NDManager.newBaseManager(device, Learner.ENGINE)) {
            return 3.0 * 2 * ResNet18.create(manager, head, classes, 1f, 0).multiplyAdds(size);
        }
    }

    /** The best of thirty 2048² fp32 products after three warm-ups, in GFLOP/s: on a shared VM single ones vary by a third. */
    private static double matmulGflops(Device device) {
        try (NDManager manager = NDManager.newBaseManager(device, Learner.ENGINE)) {
            Shape shape = new Shape(MATMUL_SIDE, MATMUL_SIDE);
            NDArray a = manager.randomUniform(-1, 1, shape);
            NDArray b = manager.randomUniform(-1, 1, shape);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 33; i++) {
                long start = System.nanoTime();
                try (NDArray product = a.matMul(b)) {
                    product.getFloat(0, 0);
                }
                if (i >= 3) {
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
            }
            return 2.0 * MATMUL_SIDE * MATMUL_SIDE * MATMUL_SIDE / best / 1e9;
        }
    }

    /**
     * Times each part of the training step over {@code steps} steps after {@link #WARM_UP_STEPS}, prints
     * the median of each, and answers the images/s of a step made of those medians.
     */
    private static double profileSteps(RunConfig config, int classes, int size, int steps, Device device,
                                       Rates rates) {
        HostBatch batch = randomBatch(config.batchSize(), size, classes);
        String[] parts = {"host->tensor", "forward+loss", "backward", "optimizer", "freeing"};
        long[][] nanos = new long[parts.length][steps];
        try (Learner learner = new Learner(config, classes, device)) {
            for (int step = 0; step < WARM_UP_STEPS + steps; step++) {
                long[] times = new long[parts.length + 1];
                times[0] = System.nanoTime();
                try (NDManager scope = learner.manager().newSubManager()) {
                    NDArray images = learner.images(scope, batch);
                    NDArray labels = learner.labels(scope, batch);
                    times[1] = System.nanoTime();
                    NDArray loss = learner.trainingLoss(images, labels, step);
                    loss.getFloat();
                    times[2] = System.nanoTime();
                    learner.backward(loss);
                    times[3] = System.nanoTime();
                    learner.optimizer().step(config.lrMax(), 0.9);
                    learner.optimizer().clearGradients();
                    times[4] = System.nanoTime();
                }
                times[5] = System.nanoTime();
                if (step >= WARM_UP_STEPS) {
                    for (int part = 0; part < parts.length; part++) {
                        nanos[part][step - WARM_UP_STEPS] = times[part + 1] - times[part];
                    }
                }
            }
        }
        double[] medians = new double[parts.length];
        for (int part = 0; part < parts.length; part++) {
            medians[part] = median(nanos[part]) / 1e6;
        }
        double total = Arrays.stream(medians).sum();
        StringBuilder profile = new StringBuilder();
        for (int part = 0; part < parts.length; part++) {
            profile.append(String.format(Locale.ROOT, "%s %.1f ms (%.0f %%) | ", parts[part], medians[part],
                    100 * medians[part] / total));
        }
        double imagesPerSecond = config.batchSize() / (total / 1e3);
        System.out.printf("step profile, medians of %d steps after %d warm-up steps: %stotal %.1f ms%n",
                steps, WARM_UP_STEPS, profile, total);
        System.out.printf("pure training step: %s%n", rates.describe(imagesPerSecond));
        return imagesPerSecond;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Forward-only images/s as {@link Learner#evaluate} runs it, at 1, 2, 4 and 8 times the training
     * batch; validation uses {@link RunTrainer#validationBatchSize}.
     */
    private static void validationRates(RunConfig config, int classes, int size, Device device) {
        int used = RunTrainer.validationBatchSize(config, size);
        try (Learner learner = new Learner(config, classes, device)) {
            for (int factor : new int[] {1, 2, 4, 8}) {
                int batchSize = factor * config.batchSize();
                HostBatch batch = randomBatch(batchSize, size, classes);
                int repeats = Math.max(3, 40 / factor);
                learner.evaluate(batch);
                long start = System.nanoTime();
                for (int i = 0; i < repeats; i++) {
                    learner.evaluate(batch);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("validation, batch %d: %.1f images/s%s%n", batchSize, repeats * batchSize / seconds,
                        batchSize == used ? " (what training uses)" : "");
            }
        }
    }

    private static HostBatch randomBatch(int batchSize, int size, int classes) {
        SplittableRandom random = new SplittableRandom(0);
        float[] pixels = new float[batchSize * 3 * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) / 255f;
        }
        int[] labels = random.ints(batchSize, 0, classes).toArray();
        return new HostBatch(pixels, labels, batchSize, size);
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
                        public void onEpoch(EpochResult metrics, Checkpoint checkpoint) {
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
