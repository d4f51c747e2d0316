package dev.initlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code Adam}: decoupled weight decay first ({@code p *= 1 - lr * wd}, conv and linear
 * weights only), then a damped gradient average with the scheduled beta1, a squared-gradient average
 * with beta2 (fastai's {@code sqr_mom}, 0.99 by default), and bias correction with the current beta1. DJL's Adam and AdamW differ in each.
 *
 * <p>Every weight is a view into one flat buffer, decaying weights first, so weight decay is one
 * in-place product on the buffer's front and needs no mask; gradients and the two averages are flat
 * buffers laid out alike. A step runs fastai's operations in fastai's order over cache-sized chunks
 * of those buffers, a dozen operations per 256 Ki floats instead of per weight, so its numbers are
 * those of the per-weight formulas to the bit.
 *
 * <p>Gradients are gathered into a buffer of their own after backward; {@link #clearGradients} then
 * rebinds each weight to a fresh view with no gradient, so the next backward hands its gradients over
 * instead of adding them to zeroed ones.
 */
public final class FastaiAdam implements AutoCloseable {

    /**
     * Added under the square root, because torch's sqrt takes about 17 times as long on exact zeros
     * (measured here), and at 32 px most of layer4's 3x3 kernels never get a gradient. It changes no
     * result: it is below half an ulp of any value from 4e-31 up, and below 2e-25 the root is too small
     * to move {@code + eps} anyway.
     */
    private static final float SQRT_NUDGE = 2e-38f;
    private static final NDIndex ALL = new NDIndex("...");
    /** 256 Ki floats (1 MiB): of chunks from 64 Ki to 2 Mi floats, the fastest measured here. */
    private static final long CHUNK = 1 << 18;

    /** A weight the optimizer updates from its gradient; {@code decays} says whether weight decay applies. */
    public record Target(NDArray weight, boolean decays) {
    }

    /** The same stretch of each buffer; a step works chunk by chunk, so each chunk's arrays stay in cache. */
    private record Chunk(NDArray weights, NDArray gradients, NDArray gradAvg, NDArray sqrAvg) {
    }

    /** Where one caller's weight lives in the buffers, and its part of the gradient buffer. */
    private record Slot(NDArray weight, long start, long end, NDArray gradient) {
    }

    private final NDManager stateManager;
    private final List<Slot> slots = new ArrayList<>();
    private final double weightDecay;
    private final double sqrMom;
    private final double eps;
    private final NDArray weights;
    private final NDArray decayingWeights;
    private final NDArray gradients;
    /** Each weight's parts of the two averages, in the callers' order: what a checkpoint keeps. */
    private final List<NDArray> averages = new ArrayList<>();
    private final NDArray gradAvg;
    private final NDArray sqrAvg;
    private final List<Chunk> chunks = new ArrayList<>();
    private int step;

    /** {@code sqrMom} and {@code eps} as fastai's {@code Adam} names them (beta2 and epsilon). */
    public FastaiAdam(List<Target> targets, double weightDecay, double sqrMom, double eps) {
        this.weightDecay = weightDecay;
        this.sqrMom = sqrMom;
        this.eps = eps;
        this.stateManager = targets.get(0).weight().getManager().newSubManager();
        long decayingSize = targets.stream().filter(Target::decays).mapToLong(target -> target.weight().size()).sum();
        long[] offsets = new long[targets.size()];
        long nextDecaying = 0;
        long nextOther = decayingSize;
        for (int i = 0; i < targets.size(); i++) {
            long size = targets.get(i).weight().size();
            if (targets.get(i).decays()) {
                offsets[i] = nextDecaying;
                nextDecaying += size;
            } else {
                offsets[i] = nextOther;
                nextOther += size;
            }
        }
        long total = nextOther;
        Shape shape = new Shape(total);
        weights = stateManager.zeros(shape);
        decayingWeights = slice(weights, 0, decayingSize);
        gradients = stateManager.zeros(shape);
        gradAvg = stateManager.zeros(shape);
        sqrAvg = stateManager.zeros(shape);
        for (long start = 0; start < total; start += CHUNK) {
            long end = Math.min(total, start + CHUNK);
            chunks.add(new Chunk(slice(weights, start, end), slice(gradients, start, end), slice(gradAvg, start, end),
                    slice(sqrAvg, start, end)));
        }
        for (int i = 0; i < targets.size(); i++) {
            NDArray weight = targets.get(i).weight();
            long start = offsets[i];
            long end = start + weight.size();
            try (NDArray values = view(weights, start, end, weight)) {
                values.set(ALL, weight);
            }
            slots.add(new Slot(weight, start, end, view(gradients, start, end, weight)));
            averages.add(view(gradAvg, start, end, weight));
            averages.add(view(sqrAvg, start, end, weight));
        }
        clearGradients();
    }

    /** Conv and linear weights decay (DJL type WEIGHT); BatchNorm gammas and betas and biases do not. */
    public static FastaiAdam forParameters(List<Parameter> parameters, double weightDecay, OptimizerSettings settings) {
        List<Target> targets = new ArrayList<>();
        for (Parameter parameter : parameters) {
            targets.add(new Target(parameter.getArray(), parameter.getType() == Parameter.Type.WEIGHT));
        }
        return new FastaiAdam(targets, weightDecay, settings.adamBeta2(), settings.adamEps());
    }

    /** Updates every weight from the gradients of the last backward pass. */
    public void step(double lr, double mom) {
        step++;
        double debias1 = 1 - Math.pow(mom, step);
        double debias2 = 1 - Math.pow(sqrMom, step);
        gatherGradients();
        // a scalar made per call costs more than the arithmetic on a chunk: make each one once a step, as
        // float32, which is what torch would turn a double into before every use
        try (NDManager scalars = stateManager.newSubManager()) {
            decayingWeights.muli(scalars.create((float) (1 - lr * weightDecay)));
            NDArray squareDamping = scalars.create((float) (1 - sqrMom));
            NDArray squareMomentum = scalars.create((float) sqrMom);
            NDArray damping = scalars.create((float) (1 - mom));
            NDArray momentum = scalars.create((float) mom);
            NDArray squareDebias = scalars.create((float) debias2);
            NDArray epsilon = scalars.create((float) eps);
            NDArray nudge = scalars.create(SQRT_NUDGE);
            NDArray stepSize = scalars.create((float) (lr / debias1));
            for (Chunk chunk : chunks) {
                // chunk-sized temporaries are cheap; whole-buffer ones (47 MB) cost 17-20 ms each in page faults
                try (NDArray dampedSquare = chunk.gradients().mul(chunk.gradients())) {
                    chunk.sqrAvg().muli(squareMomentum).addi(dampedSquare.muli(squareDamping));
                }
                chunk.gradAvg().muli(momentum).addi(chunk.gradients().muli(damping));
                try (NDArray unbiasedSquare = chunk.sqrAvg().div(squareDebias).addi(nudge);
                     NDArray denominator = unbiasedSquare.sqrt().addi(epsilon);
                     NDArray update = chunk.gradAvg().div(denominator).muli(stepSize)) {
                    chunk.weights().subi(update);
                }
            }
        }
    }

    /**
     * Rebinds every weight to a fresh view of its values without a gradient, so the next backward
     * pass starts from zero. Call it after each step, and after a batch whose step was skipped.
     */
    public void clearGradients() {
        for (Slot slot : slots) {
            NDArray fresh = view(weights, slot.start(), slot.end(), slot.weight());
            slot.weight().intern(fresh);
            slot.weight().setRequiresGradient(true);
        }
    }

    private void gatherGradients() {
        for (Slot slot : slots) {
            try (NDArray gradient = slot.weight().getGradient()) {
                slot.gradient().set(ALL, gradient);
            }
        }
    }

    /** Steps taken: the bias corrections depend on it, so a checkpoint keeps it. */
    int steps() {
        return step;
    }

    void restoreSteps(int steps) {
        step = steps;
    }

    /** The averages a checkpoint must keep: each weight's gradient average, then its squared-gradient average. */
    List<NDArray> averages() {
        return averages;
    }

    /** A weight's part of a buffer, shaped as the weight; a torch view, so writes go to the buffer. */
    private static NDArray view(NDArray buffer, long start, long end, NDArray weight) {
        try (NDArray flat = slice(buffer, start, end)) {
            return flat.reshape(weight.getShape());
        }
    }

    private static NDArray slice(NDArray buffer, long start, long end) {
        return JniUtils.slice((PtNDArray) buffer, 0, start, end, 1);
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
