package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.model.ResNet18;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model, its optimizer and parameters on one device. Every step works in its own sub-manager, so
 * the arrays it makes are freed when it ends and nothing piles up on the model's manager.
 *
 * <p>Learners on different platform threads train side by side: gradients are taken with torch's
 * thread-local grad mode and {@code backward} directly, not with DJL's gradient collector, which allows
 * one collector in the whole process. Never drive a learner from a virtual thread: one may move to
 * another OS thread between two JNI calls and so lose its grad mode.
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
    private ByteBuffer labelBuffer;

    /**
     * torch's grad mode is per thread and on by default; it is switched off here for the whole life of
     * the learner's thread and on only around each forward and backward pass. With it on, the
     * optimizer's in-place updates would fail ("a leaf Variable that requires grad is being used in an
     * in-place operation") and validation would build graphs.
     */
    Learner(RunConfig config, int classes, Device device) {
        JniUtils.setGradMode(false);
        manager = engine.newBaseManager(device);
        model = ResNet18.create(manager, config.head(), classes, config.bn2Gamma(), config.seed());
        optimizer = FastaiAdam.forParameters(model.trainableParameters(), config.weightDecay(), config.optimizer());
        parameterStore = new ParameterStore(manager, false);
    }

    NDManager manager() {
        return manager;
    }

    /** The model being trained, for tests that look at its parameters between steps. */
    ResNet18 model() {
        return model;
    }

    /**
     * A batch's mean cross-entropy; the optimizer steps only when that loss is finite. {@code step}
     * counts the batches of the whole fit before this one and picks the dropout masks.
     */
    float trainBatch(HostBatch batch, long step, double lr, double mom) {
        try (NDManager scope = manager.newSubManager()) {
            return trainStep(images(scope, batch), labels(scope, batch), step, lr, mom);
        }
    }

    /** As {@link #trainBatch}, on arrays already on the device (the benchmark's pure step). */
    float trainStep(NDArray images, NDArray labels, long step, double lr, double mom) {
        try (NDManager scope = manager.newSubManager()) {
            // results of DJL ops join their first operand's manager: borrow the inputs so they land here
            images.tempAttach(scope);
            labels.tempAttach(scope);
            NDArray loss = trainingLoss(images, labels, step);
            backward(loss);
            float value = loss.getFloat();
            if (Float.isFinite(value)) {
                optimizer.step(lr, mom);
            }
            optimizer.clearGradients();
            return value;
        }
    }

    /** The batch's mean cross-entropy in training mode, with the graph that {@link #backward} walks. */
    NDArray trainingLoss(NDArray images, NDArray labels, long step) {
        JniUtils.setGradMode(true);
        try {
            return crossEntropy(model.forwardTraining(parameterStore, images, step), labels).mean();
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** Adds d(loss)/d(weight) to each trainable weight's gradient. */
    void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    FastaiAdam optimizer() {
        return optimizer;
    }

    Evaluation evaluate(HostBatch batch) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray labels = labels(scope, batch);
            NDArray logits = model.forward(parameterStore, images(scope, batch));
            double lossSum = crossEntropy(logits, labels).sum().getFloat();
            long correct = logits.argMax(1).eq(labels).toType(DataType.INT64, false).sum().getLong();
            return new Evaluation(lossSum, correct);
        }
    }

    /**
     * Writes every number this learner has learnt: the optimizer's step count, then each array of
     * {@link #state()} by name, as little-endian floats.
     */
    void writeState(DataOutputStream out) throws IOException {
        out.writeInt(optimizer.steps());
        Map<String, NDArray> state = state();
        out.writeInt(state.size());
        for (Map.Entry<String, NDArray> entry : state.entrySet()) {
            NDArray array = entry.getValue();
            ByteBuffer values = ByteBuffer.allocate(Math.toIntExact(array.size() * Float.BYTES))
                    .order(ByteOrder.LITTLE_ENDIAN);
            values.asFloatBuffer().put(array.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer());
            out.writeUTF(entry.getKey());
            out.writeLong(array.size());
            out.write(values.array());
        }
    }

    /** Reads what {@link #writeState} wrote into this learner's arrays, in place. */
    void readState(DataInputStream in) throws IOException {
        optimizer.restoreSteps(in.readInt());
        Map<String, NDArray> state = state();
        int count = in.readInt();
        if (count != state.size()) {
            throw new IOException("the checkpoint holds " + count + " arrays, this model has " + state.size());
        }
        try (NDManager scope = manager.newSubManager()) {
            for (Map.Entry<String, NDArray> entry : state.entrySet()) {
                NDArray target = entry.getValue();
                String name = in.readUTF();
                long size = in.readLong();
                if (!name.equals(entry.getKey()) || size != target.size()) {
                    throw new IOException("the checkpoint's array " + name + " (" + size + " values) does not fit "
                            + entry.getKey() + " (" + target.size() + " values)");
                }
                byte[] bytes = new byte[Math.toIntExact(size * Float.BYTES)];
                in.readFully(bytes);
                ByteBuffer values = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
                values.asFloatBuffer().put(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
                target.set(new NDIndex("..."), scope.create(values, target.getShape(), DataType.FLOAT32));
            }
        }
    }

    /**
     * Every array a checkpoint keeps, by a stable name: the model's parameters and BatchNorm running
     * statistics ({@code layer1.0.bn2.weight}), then each trainable parameter's two Adam averages.
     */
    private Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        Map<Parameter, String> names = new IdentityHashMap<>();
        model.namedParameters().forEach((name, parameter) -> {
            state.put(name, parameter.getArray());
            names.put(parameter, name);
        });
        List<Parameter> trainable = model.trainableParameters();
        List<NDArray> averages = optimizer.averages();
        for (int i = 0; i < trainable.size(); i++) {
            String name = names.get(trainable.get(i));
            state.put(name + ".grad_avg", averages.get(2 * i));
            state.put(name + ".sqr_avg", averages.get(2 * i + 1));
        }
        return state;
    }

    /** Softmax cross-entropy of each image, no label smoothing. */
    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).neg().reshape(-1);
    }

    /**
     * Copies a batch's pixels into the one direct buffer this learner keeps for them. A new buffer per
     * batch (what {@code create(float[])} does) is freed only when the GC gets to it, so the process's
     * memory would creep up for epochs before it levels off.
     */
    NDArray images(NDManager scope, HostBatch batch) {
        int side = batch.imageSize();
        // a direct buffer holds at most 2 GiB; the experiment's validation refuses batches near that
        int values = Math.toIntExact((long) batch.size() * 3 * side * side);
        pixelBuffer = reuse(pixelBuffer, Math.toIntExact((long) values * Float.BYTES));
        pixelBuffer.asFloatBuffer().put(batch.pixels(), 0, values);
        return scope.create(pixelBuffer, new Shape(batch.size(), 3, side, side), DataType.FLOAT32);
    }

    /** The batch's labels as int64, through the one direct buffer this learner keeps for them. */
    NDArray labels(NDManager scope, HostBatch batch) {
        labelBuffer = reuse(labelBuffer, batch.size() * Long.BYTES);
        LongBuffer labels = labelBuffer.asLongBuffer();
        for (int i = 0; i < batch.size(); i++) {
            labels.put(batch.labels()[i]);
        }
        return scope.create(labelBuffer, new Shape(batch.size()), DataType.INT64);
    }

    /** {@code buffer} when it holds {@code bytes}, else a larger one; either way limited to {@code bytes}. */
    private static ByteBuffer reuse(ByteBuffer buffer, int bytes) {
        ByteBuffer reused = buffer != null && buffer.capacity() >= bytes
                ? buffer
                : ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        reused.clear().limit(bytes);
        return reused;
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
