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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FastaiAdamTest {

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
                    List.of(new FastaiAdam.Target(weight, true), new FastaiAdam.Target(bias, false)), 0.1)) {
                for (int step = 0; step < 3; step++) {
                    setGradients(manager, weight, weightGrads[step], bias, biasGrads[step]);
                    adam.step(LRS[step], MOMS[step]);

                    assertClose(weight.toFloatArray(), expectedWeights[step]);
                    assertClose(bias.toFloatArray(), expectedBiases[step]);
                }
            }
        }
    }

    @Test
    void stepLeavesTheGradientsAtZero() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray weight = manager.create(new float[] {1.0f, -2.0f});
            NDArray bias = manager.create(new float[] {0.5f});
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            try (FastaiAdam adam = new FastaiAdam(
                    List.of(new FastaiAdam.Target(weight, true), new FastaiAdam.Target(bias, false)), 0.01)) {
                setGradients(manager, weight, new float[] {3f, 4f}, bias, new float[] {5f});
                adam.step(0.001, 0.9);

                try (NDArray grad = weight.getGradient()) {
                    assertThat(grad.toFloatArray()).containsOnly(0f);
                }
            }
        }
    }

    @Test
    void weightDecayShrinksConvAndLinearWeightsButNeitherBatchNormNorBiases() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ResNet18 model = ResNet18.create(manager, HeadType.LINEAR, 10, 1f, 4);
            Map<String, Parameter> named = model.namedParameters();
            Map<String, float[]> before = Map.of(
                    "conv1.weight", values(named, "conv1.weight"), "fc.weight", values(named, "fc.weight"),
                    "fc.bias", values(named, "fc.bias"), "layer1.0.bn2.weight", values(named, "layer1.0.bn2.weight"));
            try (FastaiAdam adam = FastaiAdam.forParameters(model.trainableParameters(), 0.5);
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
    private static void setGradients(NDManager manager, NDArray weight, float[] weightGrad,
                                     NDArray bias, float[] biasGrad) {
        try (NDManager scope = manager.newSubManager();
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray loss = weight.mul(scope.create(weightGrad)).sum()
                    .add(bias.mul(scope.create(biasGrad)).sum());
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
