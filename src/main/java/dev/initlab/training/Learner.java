package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.model.ResNet18;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One model, its optimizer and parameters on one device. Every step works in its own sub-manager, so
 * the arrays it makes are freed when it ends and nothing piles up on the model's manager.
 */
final class Learner implements AutoCloseable {

    static final String ENGINE = "PyTorch";

    /** The sum of a batch's per-image cross-entropies and how many of its images were right. */
    record Evaluation(double lossSum, long correct) {
    }

    private final Engine engine = Engine.getEngine(ENGINE);
    private final NDManager manager;
    private final ResNet18 model;
    private final FastaiAdam optimizer;
    private final ParameterStore parameterStore;
    private ByteBuffer pixelBuffer;

    Learner(RunConfig config, int classes, Device device) {
        manager = engine.newBaseManager(device);
        model = ResNet18.create(manager, config.head(), classes, config.bn2Gamma(), config.seed());
        optimizer = FastaiAdam.forParameters(model.trainableParameters(), config.weightDecay());
        parameterStore = new ParameterStore(manager, false);
    }

    NDManager manager() {
        return manager;
    }

    /** A batch's mean cross-entropy; the optimizer steps only when that loss is finite. */
    float trainBatch(HostBatch batch, double lr, double mom) {
        try (NDManager scope = manager.newSubManager()) {
            return trainStep(images(scope, batch), labels(scope, batch), lr, mom);
        }
    }

    /** As {@link #trainBatch}, on arrays already on the device (the benchmark's pure step). */
    float trainStep(NDArray images, NDArray labels, double lr, double mom) {
        gradientsOnlyInsideTheCollector();
        try (NDManager scope = manager.newSubManager()) {
            // results of DJL ops join their first operand's manager: borrow the inputs so they land here
            images.tempAttach(scope);
            labels.tempAttach(scope);
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                loss = crossEntropy(model.forward(parameterStore, images, true), labels).mean();
                collector.backward(loss);
            }
            float value = loss.getFloat();
            if (Float.isFinite(value)) {
                optimizer.step(lr, mom);
            }
            return value;
        }
    }

    Evaluation evaluate(HostBatch batch) {
        gradientsOnlyInsideTheCollector();
        try (NDManager scope = manager.newSubManager()) {
            NDArray labels = labels(scope, batch);
            NDArray logits = model.forward(parameterStore, images(scope, batch), false);
            double lossSum = crossEntropy(logits, labels).sum().getFloat();
            long correct = logits.argMax(1).eq(labels).toType(DataType.INT64, false).sum().getLong();
            return new Evaluation(lossSum, correct);
        }
    }

    /**
     * torch's grad mode is per thread and on by default; DJL turns it off only on the thread that loaded
     * the engine. On any other thread (a queue worker) the optimizer's in-place updates of the weights
     * would fail ("a leaf Variable that requires grad is being used in an in-place operation") and
     * validation would build graphs, so it is switched off here; the collector turns it on while open.
     */
    private static void gradientsOnlyInsideTheCollector() {
        JniUtils.setGradMode(false);
    }

    /** Softmax cross-entropy of each image, no label smoothing. */
    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).neg().reshape(-1);
    }

    /**
     * Copies a batch into the one direct buffer this learner keeps. A new buffer per batch (what
     * {@code create(float[])} does) is freed only when the GC gets to it, so the process's memory
     * would creep up for epochs before it levels off.
     */
    private NDArray images(NDManager scope, HostBatch batch) {
        int side = batch.imageSize();
        int values = batch.size() * 3 * side * side;
        if (pixelBuffer == null || pixelBuffer.capacity() < values * Float.BYTES) {
            pixelBuffer = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        pixelBuffer.clear();
        pixelBuffer.asFloatBuffer().put(batch.pixels(), 0, values);
        pixelBuffer.limit(values * Float.BYTES);
        return scope.create(pixelBuffer, new Shape(batch.size(), 3, side, side), DataType.FLOAT32);
    }

    private static NDArray labels(NDManager scope, HostBatch batch) {
        long[] labels = new long[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = batch.labels()[i];
        }
        return scope.create(labels);
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
