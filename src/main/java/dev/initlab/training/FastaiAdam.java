package dev.initlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code Adam}: decoupled weight decay first ({@code p *= 1 - lr * wd}, conv and linear
 * weights only), then a damped gradient average with the scheduled beta1, a squared-gradient average
 * with beta2 0.99, and bias correction with the current beta1. DJL's Adam and AdamW differ in each.
 */
public final class FastaiAdam implements AutoCloseable {

    public static final double SQR_MOM = 0.99;
    public static final double EPS = 1e-5;

    /** A weight the optimizer updates from its gradient; {@code decays} says whether weight decay applies. */
    public record Target(NDArray weight, boolean decays) {
    }

    private record Slot(NDArray weight, boolean decays, NDArray gradAvg, NDArray sqrAvg) {
    }

    private final NDManager stateManager;
    private final List<Slot> slots = new ArrayList<>();
    private final double weightDecay;
    private int step;

    public FastaiAdam(List<Target> targets, double weightDecay) {
        this.weightDecay = weightDecay;
        this.stateManager = targets.get(0).weight().getManager().newSubManager();
        for (Target target : targets) {
            NDArray weight = target.weight();
            slots.add(new Slot(weight, target.decays(),
                    stateManager.zeros(weight.getShape(), weight.getDataType()),
                    stateManager.zeros(weight.getShape(), weight.getDataType())));
        }
    }

    /** Conv and linear weights decay (DJL type WEIGHT); BatchNorm gammas and betas and biases do not. */
    public static FastaiAdam forParameters(List<Parameter> parameters, double weightDecay) {
        List<Target> targets = new ArrayList<>();
        for (Parameter parameter : parameters) {
            targets.add(new Target(parameter.getArray(), parameter.getType() == Parameter.Type.WEIGHT));
        }
        return new FastaiAdam(targets, weightDecay);
    }

    /** Updates every weight from its gradient, then zeroes the gradient for the next backward pass. */
    public void step(double lr, double mom) {
        step++;
        double debias1 = 1 - Math.pow(mom, step);
        double debias2 = 1 - Math.pow(SQR_MOM, step);
        for (Slot slot : slots) {
            try (NDArray grad = slot.weight().getGradient()) {
                if (slot.decays()) {
                    slot.weight().muli(1 - lr * weightDecay);
                }
                try (NDArray dampedGrad = grad.mul(1 - mom);
                     NDArray dampedSquare = grad.square().muli(1 - SQR_MOM)) {
                    slot.gradAvg().muli(mom).addi(dampedGrad);
                    slot.sqrAvg().muli(SQR_MOM).addi(dampedSquare);
                }
                try (NDArray unbiasedSquare = slot.sqrAvg().div(debias2);
                     NDArray denominator = unbiasedSquare.sqrt().addi(EPS);
                     NDArray update = slot.gradAvg().div(denominator).muli(lr / debias1)) {
                    slot.weight().subi(update);
                }
                grad.subi(grad);
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
        List<NDArray> averages = new ArrayList<>();
        for (Slot slot : slots) {
            averages.add(slot.gradAvg());
            averages.add(slot.sqrAvg());
        }
        return averages;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
