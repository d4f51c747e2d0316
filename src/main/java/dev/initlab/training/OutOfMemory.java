package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;

/**
 * torch's out-of-memory errors, turned into a reason a user can act on. On a GPU, the blocks torch
 * keeps cached for the failed run go back to the card, so that the runs beside it and the next one on
 * this worker find them.
 */
final class OutOfMemory {

    private static final int MAX_TORCH_TEXT = 240;

    private OutOfMemory() {
    }

    /** CUDA's "CUDA out of memory. Tried to allocate …" and the CPU allocator's "can't allocate memory". */
    static boolean isOutOfMemory(EngineException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("out of memory") || message.contains("can't allocate memory");
    }

    /** Gives the failed run's cached blocks back to the card and answers the run's reason. */
    static TrainingFailedException release(EngineException e, Device device, RunConfig config, int imageSize) {
        if (device.isGpu()) {
            JniUtils.emptyCudaCache();
        }
        String where = device.isGpu() ? "GPU " + device.getDeviceId() : "CPU";
        return new TrainingFailedException(String.format(Locale.ROOT,
                "out of %s memory: a batch of %d images at %d px did not fit beside what the device already holds "
                        + "(torch: %s). Use a smaller batch or image size, or fewer runs at once on the device "
                        + "(initlab.worker.runs-per-device)", where, config.batchSize(), imageSize, firstLine(e)), e);
    }

    private static String firstLine(EngineException e) {
        String line = e.getMessage().strip().lines().findFirst().orElse("");
        return line.length() <= MAX_TORCH_TEXT ? line : line.substring(0, MAX_TORCH_TEXT) + "…";
    }
}
