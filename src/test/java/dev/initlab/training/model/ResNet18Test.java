package dev.initlab.training.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import dev.initlab.training.HeadType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResNet18Test {

    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @Test
    void fastaiHeadModelForTenClassesHasTheRecipesParameterCounts() {
        ModelSummary summary = ResNet18.summarize(HeadType.FASTAI, 10, 224);

        assertThat(summary.trainableParameters()).isEqualTo(11_708_992L);
        assertThat(bodyParameters(summary)).isEqualTo(11_176_512L);
        assertThat(summary.layers().get(summary.layers().size() - 1).outputShape()).containsExactly(1L, 10L);
    }

    @Test
    void linearHeadModelForTenClassesHasTorchvisionsParameterCount() {
        ModelSummary summary = ResNet18.summarize(HeadType.LINEAR, 10, 224);

        assertThat(summary.trainableParameters()).isEqualTo(11_181_642L);
        assertThat(bodyParameters(summary)).isEqualTo(11_176_512L);
    }

    @Test
    void multiplyAddsMatchTorchvisionsResnet18Count() {
        // counted by forward hooks on every Conv2d and Linear of a torch resnet18 with 10 classes
        ResNet18 linear = ResNet18.create(manager, HeadType.LINEAR, 10, 1f, 0);

        assertThat(linear.multiplyAdds(224)).isEqualTo(1_813_566_464L);
        assertThat(linear.multiplyAdds(32)).isEqualTo(37_016_576L);
        // fastai's head swaps the 512 -> 10 linear for 1024 -> 512 -> 10
        assertThat(ResNet18.create(manager, HeadType.FASTAI, 10, 1f, 0).multiplyAdds(32))
                .isEqualTo(37_016_576L - 512 * 10 + 1024 * 512 + 512 * 10);
    }

    @Test
    void summaryListsTorchvisionLayerNamesWithOutputShapes() {
        ModelSummary summary = ResNet18.summarize(HeadType.FASTAI, 10, 224);

        assertThat(summary.layers()).extracting(LayerSummary::name).startsWith(
                "conv1", "bn1", "relu", "maxpool", "layer1.0", "layer1.1", "layer2.0");
        assertThat(layer(summary, "maxpool").outputShape()).containsExactly(1L, 64L, 56L, 56L);
        assertThat(layer(summary, "layer4.1").outputShape()).containsExactly(1L, 512L, 7L, 7L);
        assertThat(layer(summary, "head.0").outputShape()).containsExactly(1L, 1024L);
        assertThat(layer(summary, "layer1.0").trainableParameters()).isEqualTo(2 * (64 * 64 * 9 + 128));
    }

    @Test
    void zeroInitSetsEveryBn2GammaToZero() {
        ResNet18 model = ResNet18.create(manager, HeadType.FASTAI, 10, 0f, 7);

        List<Parameter> gammas = model.bn2Gammas();
        assertThat(gammas).hasSize(8);
        for (Parameter gamma : gammas) {
            assertThat(gamma.getArray().toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void oneInitSetsEveryBn2GammaToOne() {
        ResNet18 model = ResNet18.create(manager, HeadType.FASTAI, 10, 1f, 7);

        assertThat(model.bn2Gammas()).hasSize(8)
                .allSatisfy(gamma -> assertThat(gamma.getArray().toFloatArray()).containsOnly(1f));
    }

    @Test
    void twoVariantsWithTheSameSeedStartIdenticalExceptEveryBn2Gamma() {
        Map<String, Parameter> zero = ResNet18.create(manager, HeadType.FASTAI, 10, 0f, 42).namedParameters();
        Map<String, Parameter> one = ResNet18.create(manager, HeadType.FASTAI, 10, 1f, 42).namedParameters();

        assertThat(zero.keySet()).containsExactlyElementsOf(one.keySet());
        int differing = 0;
        for (String name : zero.keySet()) {
            float[] a = zero.get(name).getArray().toFloatArray();
            float[] b = one.get(name).getArray().toFloatArray();
            if (name.matches("layer\\d\\.\\d\\.bn2\\.weight")) {
                assertThat(a).as(name).containsOnly(0f);
                assertThat(b).as(name).containsOnly(1f);
                differing++;
            } else {
                assertThat(a).as(name).isEqualTo(b);
            }
        }
        assertThat(differing).isEqualTo(8);
    }

    @Test
    void anotherSeedRedrawsEveryRandomlyInitialisedParameter() {
        Map<String, Parameter> first = ResNet18.create(manager, HeadType.LINEAR, 10, 1f, 1).namedParameters();
        Map<String, Parameter> second = ResNet18.create(manager, HeadType.LINEAR, 10, 1f, 2).namedParameters();

        // constant-initialised parameters (BatchNorm, running statistics) hold one value; every other one is drawn
        List<String> drawn = first.keySet().stream()
                .filter(name -> first.get(name).getArray().max().getFloat() > first.get(name).getArray().min().getFloat())
                .toList();
        assertThat(drawn).contains("conv1.weight", "layer4.1.conv2.weight", "layer2.0.downsample.0.weight", "fc.weight", "fc.bias");
        for (String name : drawn) {
            assertThat(first.get(name).getArray().toFloatArray()).as(name)
                    .isNotEqualTo(second.get(name).getArray().toFloatArray());
        }
    }

    @Test
    void initialisationFollowsTorchvisionAndFastai() {
        Map<String, Parameter> named = ResNet18.create(manager, HeadType.FASTAI, 10, 1f, 3).namedParameters();

        // kaiming_normal_ fan_out: conv1 has 64 * 7 * 7 outputs per input, layer3.0.conv2 256 * 3 * 3
        assertThat(std(named.get("conv1.weight"))).isCloseTo(Math.sqrt(2.0 / (64 * 49)), within(0.002));
        assertThat(std(named.get("layer3.0.conv2.weight"))).isCloseTo(Math.sqrt(2.0 / (256 * 9)), within(0.001));
        // kaiming_normal_ fan_in for the head's linears
        assertThat(std(named.get("head.4.weight"))).isCloseTo(Math.sqrt(2.0 / 1024), within(0.001));
        assertThat(named.get("bn1.bias").getArray().toFloatArray()).containsOnly(0f);
        assertThat(named.get("head.2.weight").getArray().toFloatArray()).containsOnly(1f);
        assertThat(named.get("head.2.bias").getArray().toFloatArray()).containsOnly(1e-3f);
        assertThat(named.get("head.6.bias").getArray().toFloatArray()).containsOnly(1e-3f);
        assertThat(named).doesNotContainKey("head.8.bias");
    }

    @Test
    void linearHeadUsesTorchDefaultUniformInit() {
        Map<String, Parameter> named = ResNet18.create(manager, HeadType.LINEAR, 10, 1f, 3).namedParameters();
        float bound = (float) (1 / Math.sqrt(512));

        assertThat(largestMagnitude(named.get("fc.weight"))).isLessThanOrEqualTo(bound);
        assertThat(largestMagnitude(named.get("fc.bias"))).isLessThanOrEqualTo(bound);
        assertThat(std(named.get("fc.weight"))).isCloseTo(bound / Math.sqrt(3), within(0.002));
    }

    @Test
    void batchNormRunningMeanMovesWithTorchsMomentumOfPointOne() {
        ResNet18 model = ResNet18.create(manager, HeadType.FASTAI, 10, 1f, 9);
        Map<String, Parameter> named = model.namedParameters();
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = scope.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            NDArray conv1Output = Conv2d.conv2d(images, named.get("conv1.weight").getArray(), null,
                    new Shape(2, 2), new Shape(3, 3)).singletonOrThrow();
            float[] batchMean = conv1Output.transpose(1, 0, 2, 3).reshape(64, -1).mean(new int[] {1}).toFloatArray();

            model.forwardTraining(new ParameterStore(scope, false), images, 0);

            float[] runningMean = named.get("bn1.running_mean").getArray().toFloatArray();
            for (int channel = 0; channel < batchMean.length; channel++) {
                assertThat(runningMean[channel]).isCloseTo(0.1f * batchMean[channel], within(1e-6f));
            }
        }
    }

    private static long bodyParameters(ModelSummary summary) {
        return summary.layers().stream()
                .filter(layer -> !layer.name().startsWith("head") && !layer.name().equals("fc"))
                .mapToLong(LayerSummary::trainableParameters).sum();
    }

    private static LayerSummary layer(ModelSummary summary, String name) {
        return summary.layers().stream().filter(layer -> layer.name().equals(name)).findFirst().orElseThrow();
    }

    private static float largestMagnitude(Parameter parameter) {
        float largest = 0;
        for (float v : parameter.getArray().toFloatArray()) {
            largest = Math.max(largest, Math.abs(v));
        }
        return largest;
    }

    private static double std(Parameter parameter) {
        float[] values = parameter.getArray().toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / values.length;
        return Math.sqrt(squares / values.length - mean * mean);
    }
}
