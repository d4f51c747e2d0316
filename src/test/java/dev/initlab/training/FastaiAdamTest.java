package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.initlab.training.model.ResNet18;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FastaiAdamTest {

    private static final double SQR_MOM = OptimizerSettings.FASTAI.adamBeta2();
    private static final double EPS = OptimizerSettings.FASTAI.adamEps();

    private static final double[] LRS = {0.1, 0.05, 0.02};
    private static final double[] MOMS = {0.9, 0.85, 0.95};

    /**
     * Worked by hand, step 1 of the decayed weight 1.0 with gradient 0.5, lr 0.1, mom 0.9, wd 0.1:
     * decay 1.0 * (1 - 0.01) = 0.99; grad_avg = 0.1 * 0.5 = 0.05; sqr_avg = 0.01 * 0.25 = 0.0025;
     * p = 0.99 - 0.1 / (1 - 0.9) * 0.05 / (sqrt(0.0025 / (1 - 0.99)) + 1e-5) = 0.890002.
     * Steps 2 and 3 follow the same formulas with the next gradients, lrs and moms.
     */
    @Test
    void matchesFastaiAdamWorkedByHandWithAndWithoutWeightDecay() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray weight = manager.create(new float[] {1.0f, -2.0f});
            NDArray bias = manager.create(new float[] {0.5f});
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            float[][] weightGrads = {{0.5f, -1.0f}, {-0.25f, 2.0f}, {1.0f, 0.0f}};
            float[][] biasGrads = {{2.0f}, {-1.0f}, {0.5f}};
            double[][] expectedWeights = {{0.890002000, -1.880001000}, {0.883269485, -1.895064518},
                    {0.869929138, -1.913482453}};
            double[][] expectedBiases = {{0.400000500}, {0.397717952}, {0.393037071}};

            try (FastaiAdam adam = new FastaiAdam(
                    List.of(new FastaiAdam.Target(weight, true), new FastaiAdam.Target(bias, false)), 0.1, SQR_MOM, EPS)) {
                for (int step = 0; step < 3; step++) {
                    giveGradients(manager, List.of(weight, bias), List.of(weightGrads[step], biasGrads[step]));
                    adam.step(LRS[step], MOMS[step]);
                    adam.clearGradients();

                    assertClose(weight.toFloatArray(), expectedWeights[step]);
                    assertClose(bias.toFloatArray(), expectedBiases[step]);
                }
            }
        }
    }

    @Test
    void aBackwardPassAfterClearingGivesItsOwnGradientNotASum() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray weight = manager.create(new float[] {1.0f, -2.0f});
            NDArray bias = manager.create(new float[] {0.5f});
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            try (FastaiAdam adam = new FastaiAdam(
                    List.of(new FastaiAdam.Target(weight, true), new FastaiAdam.Target(bias, false)), 0.01, SQR_MOM, EPS)) {
                giveGradients(manager, List.of(weight, bias), List.of(new float[] {3f, 4f}, new float[] {5f}));
                adam.step(0.001, 0.9);
                adam.clearGradients();
                giveGradients(manager, List.of(weight, bias), List.of(new float[] {-1f, 2f}, new float[] {7f}));

                try (NDArray weightGrad = weight.getGradient(); NDArray biasGrad = bias.getGradient()) {
                    assertThat(weightGrad.toFloatArray()).containsExactly(-1f, 2f);
                    assertThat(biasGrad.toFloatArray()).containsExactly(7f);
                }
            }
        }
    }

    /**
     * The optimizer keeps every weight in one buffer and steps it chunk by chunk; the numbers must be
     * those of fastai's formulas applied to each weight alone, to the bit, across chunk boundaries and
     * for gradients that are exactly zero or so small that their squares underflow.
     */
    @Test
    void matchesThePerWeightFormulasBitForBit() {
        int[] sizes = {300_000, 70_000, 5};
        boolean[] decays = {true, false, true};
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            SplittableRandom random = new SplittableRandom(7);
            List<NDArray> weights = new ArrayList<>();
            List<FastaiAdam.Target> targets = new ArrayList<>();
            List<NDArray[]> reference = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                float[] initial = values(random, sizes[i]);
                NDArray weight = manager.create(initial);
                weight.setRequiresGradient(true);
                weights.add(weight);
                targets.add(new FastaiAdam.Target(weight, decays[i]));
                reference.add(new NDArray[] {manager.create(initial), manager.zeros(weight.getShape()),
                        manager.zeros(weight.getShape())});
            }
            try (FastaiAdam adam = new FastaiAdam(targets, 0.1, SQR_MOM, EPS)) {
                for (int step = 0; step < 3; step++) {
                    List<float[]> gradients = new ArrayList<>();
                    for (int size : sizes) {
                        gradients.add(values(random, size));
                    }
                    giveGradients(manager, weights, gradients);
                    adam.step(LRS[step], MOMS[step]);
                    adam.clearGradients();

                    for (int i = 0; i < sizes.length; i++) {
                        NDArray[] expected = reference.get(i);
                        try (NDArray gradient = manager.create(gradients.get(i))) {
                            fastaiStep(expected[0], gradient, expected[1], expected[2], decays[i],
                                    LRS[step], MOMS[step], 0.1, step + 1);
                        }
                        assertBitIdentical(weights.get(i).toFloatArray(), expected[0].toFloatArray(),
                                "weight " + i + " after step " + (step + 1));
                    }
                }
            }
        }
    }

    /** Names the first differing element; AssertJ's array comparison takes seconds on 300,000 floats. */
    private static void assertBitIdentical(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int j = 0; j < actual.length; j++) {
            if (Float.floatToRawIntBits(actual[j]) != Float.floatToRawIntBits(expected[j])) {
                throw new AssertionError(what + ": element " + j + " is " + actual[j] + ", expected " + expected[j]);
            }
        }
    }

    /** fastai's Adam for one weight, as its source reads, with the scalars as doubles. */
    private static void fastaiStep(NDArray weight, NDArray grad, NDArray gradAvg, NDArray sqrAvg, boolean decays,
                                   double lr, double mom, double weightDecay, int step) {
        double debias1 = 1 - Math.pow(mom, step);
        double debias2 = 1 - Math.pow(SQR_MOM, step);
        if (decays) {
            weight.muli(1 - lr * weightDecay);
        }
        gradAvg.muli(mom).addi(grad.mul(1 - mom));
        sqrAvg.muli(SQR_MOM).addi(grad.square().muli(1 - SQR_MOM));
        weight.subi(gradAvg.div(sqrAvg.div(debias2).sqrt().addi(EPS)).muli(lr / debias1));
    }

    /** A third exact zeros, a third tiny (their squares underflow), a third of the size of real gradients. */
    private static float[] values(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = switch (random.nextInt(3)) {
                case 0 -> 0f;
                case 1 -> (float) (random.nextGaussian() * 1e-22);
                default -> (float) (random.nextGaussian() * 1e-2);
            };
        }
        return values;
    }

    @Test
    void weightDecayShrinksConvAndLinearWeightsButNeitherBatchNormNorBiases() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ResNet18 model = ResNet18.create(manager, HeadType.LINEAR, 10, 1f, 4);
            Map<String, Parameter> named = model.namedParameters();
            Map<String, float[]> before = Map.of(
                    "conv1.weight", values(named, "conv1.weight"), "fc.weight", values(named, "fc.weight"),
                    "fc.bias", values(named, "fc.bias"), "layer1.0.bn2.weight", values(named, "layer1.0.bn2.weight"));
            try (FastaiAdam adam = FastaiAdam.forParameters(model.trainableParameters(), 0.5, OptimizerSettings.FASTAI);
                 NDManager scope = manager.newSubManager()) {
                // a loss of zero gives zero gradients, so the Adam part moves nothing and only decay shows
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray images = scope.randomUniform(0, 1, new Shape(2, 3, 32, 32));
                    collector.backward(model.forwardTraining(new ParameterStore(scope, false), images, 0).sum().mul(0));
                }
                adam.step(0.1, 0.9);
            }

            assertScaled(before.get("conv1.weight"), values(named, "conv1.weight"), 0.95f);
            assertScaled(before.get("fc.weight"), values(named, "fc.weight"), 0.95f);
            assertThat(values(named, "fc.bias")).isEqualTo(before.get("fc.bias"));
            assertThat(values(named, "layer1.0.bn2.weight")).isEqualTo(before.get("layer1.0.bn2.weight"));
        }
    }

    private static float[] values(Map<String, Parameter> named, String name) {
        return named.get(name).getArray().toFloatArray();
    }

    private static void assertScaled(float[] before, float[] after, float factor) {
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isCloseTo(before[i] * factor, within(1e-7f));
        }
    }

    /** A loss linear in each weight, {@code sum(w * g)}, has exactly {@code g} as its gradient. */
    private static void giveGradients(NDManager manager, List<NDArray> weights, List<float[]> gradients) {
        try (NDManager scope = manager.newSubManager();
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray loss = scope.zeros(new Shape());
            for (int i = 0; i < weights.size(); i++) {
                loss = loss.add(weights.get(i).mul(scope.create(gradients.get(i))).sum());
            }
            scope.tempAttachAll(loss);
            collector.backward(loss);
        }
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(2e-6));
        }
    }
}
