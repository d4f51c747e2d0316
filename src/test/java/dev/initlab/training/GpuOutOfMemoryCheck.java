package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.PreparedDataset;

import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A CUDA out-of-memory error on a real GPU, as a worker pool meets it: on a card that other work has
 * nearly filled, one run trains normally while a second, beside it, asks for a batch that cannot fit.
 * Prints the failed run's reason, the card's memory in use before, right after and at the end
 * (cudaMemGetInfo through DJL's {@link CudaUtils}), and the other run's result; then trains a third
 * run on the failed run's thread, as its worker would. Exits non-zero if the failure is not a clear
 * {@link TrainingFailedException}, if the card keeps the failed run's memory, or if a normal run fails.
 *
 * <p>{@code java -Xmx6g -cp … dev.initlab.training.GpuOutOfMemoryCheck [gpu0] [data root]}; the kit of
 * scripts/gpu-kit runs it.
 */
public final class GpuOutOfMemoryCheck {

    /**
     * A batch of 256 at 512 px needs tens of GB: it fits on an empty H200 (a batch of 496 at 592 px
     * trained there at 142 GB), so the card is first filled, as by other processes, to leave it 16 GiB.
     */
    private static final int HUGE_SIZE = 512;
    private static final int HUGE_BATCH = 256;
    private static final long LEFT_FREE_BYTES = 16L << 30;
    /** What the card may still hold after the failure, beyond what it held before: torch's small-block cache. */
    private static final long SLACK_BYTES = 256L << 20;
    private static final TrainingListener QUIET = (metrics, checkpoint) -> { };

    private GpuOutOfMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        Device device = Device.fromName(args.length > 0 ? args[0] : "gpu0");
        Path dataRoot = Path.of(args.length > 1 ? args[1] : "target/oom-check-data");
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);
        PreparedDataset small = catalog.prepare(new DatasetRequest("synthetic", 32, 1600, 200));
        PreparedDataset huge = catalog.prepare(new DatasetRequest("synthetic", HUGE_SIZE, HUGE_BATCH, 16));
        Engine.getEngine(Learner.ENGINE);
        // a first run loads CUDA's context, kernels and library handles, which stay for the process's life
        train(small, device, 1, 0);
        JniUtils.emptyCudaCache();
        long before = used(device);
        System.out.printf("card memory in use after a first run and emptyCache: %d MiB%n", before >> 20);

        MemoryUsage card = CudaUtils.getGpuMemory(device);
        NDManager otherProcess = NDManager.newBaseManager(device, Learner.ENGINE);
        otherProcess.zeros(new Shape((card.getMax() - card.getUsed() - LEFT_FREE_BYTES) / Float.BYTES));
        System.out.printf("card memory in use with the card filled up to %d MiB free: %d MiB%n",
                LEFT_FREE_BYTES >> 20, used(device) >> 20);

        CompletableFuture<String> beside = CompletableFuture.supplyAsync(() -> {
            try {
                List<EpochResult> epochs = train(small, device, 3, 1);
                return String.format("%d epochs, accuracy %.3f", epochs.size(), epochs.get(epochs.size() - 1).accuracy());
            } catch (RuntimeException e) {
                return "failed: " + e.getMessage();
            }
        });
        Thread.sleep(1000);
        boolean clear = false;
        try {
            RunTrainer.train(new RunConfig(1, HUGE_BATCH, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                    HeadType.FASTAI, 0f, 2), huge, device, QUIET);
            System.out.printf("FAIL: a batch of %d images at %d px trained%n", HUGE_BATCH, HUGE_SIZE);
        } catch (TrainingFailedException e) {
            clear = e.getMessage().startsWith("out of GPU " + device.getDeviceId() + " memory");
            System.out.println("the huge run failed: " + e.getMessage());
        } catch (RuntimeException e) {
            System.out.println("FAIL: the huge run failed without a clear reason: " + e);
        }
        System.out.printf("card memory in use right after the failure, the other run still training: %d MiB%n",
                used(device) >> 20);
        String besideResult = beside.get();
        otherProcess.close();
        System.out.println("the run beside it: " + besideResult);
        List<EpochResult> next = train(small, device, 1, 3);
        System.out.printf("the next run on the failed run's thread: %d epoch, accuracy %.3f%n", next.size(),
                next.get(0).accuracy());
        JniUtils.emptyCudaCache();
        long after = used(device);
        boolean released = after - before <= SLACK_BYTES;
        boolean ok = clear && released && !besideResult.startsWith("failed");
        System.out.printf("card memory in use after all runs and emptyCache: %d MiB (%+d MiB against before)%n",
                after >> 20, (after - before) >> 20);
        System.out.println(ok ? "OK" : "FAIL");
        System.exit(ok ? 0 : 1);
    }

    private static List<EpochResult> train(PreparedDataset data, Device device, int epochs, long seed) {
        return RunTrainer.train(new RunConfig(epochs, 64, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                HeadType.FASTAI, 0f, seed), data, device, QUIET);
    }

    private static long used(Device device) {
        return CudaUtils.getGpuMemory(device).getUsed();
    }
}
