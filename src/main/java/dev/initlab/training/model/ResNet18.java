package dev.initlab.training.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.initlab.training.HeadType;
import dev.initlab.training.data.SplitMix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * torchvision's resnet18 body with fastai's or torchvision's head, read top to bottom like timm's
 * resnet.py. Every initial weight is drawn in Java from the seed and the parameter's name, so two
 * models built with the same seed are bit-identical except for the bn2 gammas they were given. Dropout
 * masks are drawn in Java too, from the seed, the layer and the training step: torch's generator is
 * one per process, and runs that train side by side must not share it.
 */
public final class ResNet18 {

    public static final int FEATURES = 512;
    /** Any size works for creating the parameters: the pools before the head make them size-free. */
    private static final Shape PARAMETER_INPUT = new Shape(1, 3, 64, 64);
    private static final float BN_EPSILON = 1e-5f;
    /** DJL's PyTorch engine passes {@code 1 - momentum} to torch: 0.9 here is torch's momentum 0.1. */
    private static final float BN_MOMENTUM = 0.9f;
    /** fastai's {@code BatchNorm} helper starts the head's BatchNorm biases here. */
    private static final float HEAD_BN_BIAS = 1e-3f;

    /** How a layer with parameters is initialised. */
    private enum Init { CONV, BN, BN2, HEAD_BN, HEAD_LINEAR, FC }

    private record InitLayer(String name, Block block, Init init) {
    }

    private final HeadType head;
    private final int classes;
    private final long seed;
    /** The training step whose dropout masks the forward pass in progress draws; see {@link #forwardTraining}. */
    private long trainingStep;
    private final SequentialBlock network = new SequentialBlock();
    private final Map<String, Block> topLayers = new LinkedHashMap<>();
    private final List<InitLayer> initLayers = new ArrayList<>();

    private ResNet18(HeadType head, int classes, long seed) {
        this.head = head;
        this.classes = classes;
        this.seed = seed;
        addTop("conv1", conv("conv1", 64, 7, 2, 3));
        addTop("bn1", batchNorm("bn1", Init.BN));
        addTop("relu", Activation.reluBlock());
        addTop("maxpool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] stageChannels = {64, 128, 256, 512};
        for (int stage = 0; stage < stageChannels.length; stage++) {
            int firstStride = stage == 0 ? 1 : 2;
            for (int index = 0; index < 2; index++) {
                String name = "layer" + (stage + 1) + "." + index;
                addTop(name, new BasicBlock(name, stageChannels[stage], index == 0 ? firstStride : 1));
            }
        }
        if (head == HeadType.FASTAI) {
            addFastaiHead();
        } else {
            addTop("avgpool", Pool.globalAvgPool2dBlock());
            addTop("fc", linear("fc", classes, true, Init.FC));
        }
    }

    /** Builds the network and draws its initial weights on {@code manager}'s device. */
    public static ResNet18 create(NDManager manager, HeadType head, int classes, float bn2Gamma, long seed) {
        ResNet18 model = new ResNet18(head, classes, seed);
        model.setInitializers(bn2Gamma, seed);
        model.network.initialize(manager, DataType.FLOAT32, PARAMETER_INPUT);
        return model;
    }

    /** The layer table for {@code GET /api/models/resnet18}; builds a throwaway model on the CPU. */
    public static ModelSummary summarize(HeadType head, int classes, int imageSize) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            return create(manager, head, classes, 1f, 0).summary(imageSize);
        }
    }

    /** fastai's {@code create_head(512 * 2, classes, concat_pool=True, lin_ftrs=[512], ps=0.5)}. */
    private void addFastaiHead() {
        addTop("head.0", new ParallelBlock(
                outputs -> new NDList(NDArrays.concat(
                        new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()), 1)),
                List.of(Pool.globalMaxPool2dBlock(), Pool.globalAvgPool2dBlock())));
        addTop("head.1", Blocks.batchFlattenBlock());
        addTop("head.2", batchNorm("head.2", Init.HEAD_BN));
        addTop("head.3", new SeededDropout(3, 0.25f));
        addTop("head.4", linear("head.4", FEATURES, false, Init.HEAD_LINEAR));
        addTop("head.5", Activation.reluBlock());
        addTop("head.6", batchNorm("head.6", Init.HEAD_BN));
        addTop("head.7", new SeededDropout(7, 0.5f));
        addTop("head.8", linear("head.8", classes, false, Init.HEAD_LINEAR));
    }

    /** The logits in evaluation mode: BatchNorm uses its running statistics, dropout is off. */
    public NDArray forward(ParameterStore parameterStore, NDArray images) {
        return network.forward(parameterStore, new NDList(images), false).singletonOrThrow();
    }

    /**
     * The logits in training mode: BatchNorm uses the batch's statistics and updates its running ones,
     * and dropout draws its masks from (seed, layer, {@code step}) alone.
     */
    public NDArray forwardTraining(ParameterStore parameterStore, NDArray images, long step) {
        trainingStep = step;
        return network.forward(parameterStore, new NDList(images), true).singletonOrThrow();
    }

    /** Every trainable parameter (BatchNorm running statistics excluded), in a fixed order. */
    public List<Parameter> trainableParameters() {
        List<Parameter> trainable = new ArrayList<>();
        for (InitLayer layer : initLayers) {
            for (Parameter parameter : layer.block().getParameters().values()) {
                if (parameter.requiresGradient()) {
                    trainable.add(parameter);
                }
            }
        }
        return trainable;
    }

    /** Each parameter by its torch-style name ({@code layer1.0.bn2.weight}); running stats included. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (InitLayer layer : initLayers) {
            for (Parameter parameter : layer.block().getParameters().values()) {
                named.put(layer.name() + "." + torchName(parameter.getType()), parameter);
            }
        }
        return named;
    }

    /** The gamma of each residual block's last BatchNorm, the one parameter a variant changes. */
    public List<Parameter> bn2Gammas() {
        List<Parameter> gammas = new ArrayList<>();
        for (InitLayer layer : initLayers) {
            if (layer.init() == Init.BN2) {
                for (Parameter parameter : layer.block().getDirectParameters().values()) {
                    if (parameter.getType() == Parameter.Type.GAMMA) {
                        gammas.add(parameter);
                    }
                }
            }
        }
        return gammas;
    }

    public ModelSummary summary(int imageSize) {
        Shape[] shapes = {new Shape(1, 3, imageSize, imageSize)};
        List<LayerSummary> layers = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Block> layer : topLayers.entrySet()) {
            shapes = layer.getValue().getOutputShapes(shapes);
            long parameters = countTrainable(layer.getValue());
            total += parameters;
            layers.add(new LayerSummary(layer.getKey(), layer.getValue().getClass().getSimpleName(),
                    Arrays.stream(shapes[0].getShape()).boxed().toList(), parameters));
        }
        return new ModelSummary("resnet18", head, classes, imageSize, layers, total);
    }

    /**
     * Multiply-adds of one forward pass of one {@code imageSize}-pixel image through the convs and
     * linears; BatchNorm, ReLU and the pools add well under 1 %. FLOPs are twice this, and a training
     * step (forward, then backward for inputs and weights) about three times the forward's.
     */
    public long multiplyAdds(int imageSize) {
        Shape[] shapes = {new Shape(1, 3, imageSize, imageSize)};
        long total = 0;
        for (Block layer : topLayers.values()) {
            total += layer instanceof BasicBlock block ? block.multiplyAdds(shapes) : multiplyAdds(layer, shapes);
            shapes = layer.getOutputShapes(shapes);
        }
        return total;
    }

    /** Each output value of a conv or linear takes one row of its weight; other layers count nothing. */
    private static long multiplyAdds(Block layer, Shape[] inputShapes) {
        if (!(layer instanceof Conv2d || layer instanceof Linear)) {
            return 0;
        }
        Shape weight = layer.getParameters().get("weight").getArray().getShape();
        return layer.getOutputShapes(inputShapes)[0].size() * (weight.size() / weight.get(0));
    }

    private static long countTrainable(Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    private void addTop(String name, Block block) {
        topLayers.put(name, block);
        network.add(block);
    }

    private Conv2d conv(String name, int channels, int kernel, int stride, int padding) {
        Conv2d conv = Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
        initLayers.add(new InitLayer(name, conv, Init.CONV));
        return conv;
    }

    private BatchNorm batchNorm(String name, Init init) {
        BatchNorm norm = BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
        initLayers.add(new InitLayer(name, norm, init));
        return norm;
    }

    private Linear linear(String name, int units, boolean bias, Init init) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        initLayers.add(new InitLayer(name, linear, init));
        return linear;
    }

    private void setInitializers(float bn2Gamma, long seed) {
        for (InitLayer layer : initLayers) {
            for (Parameter parameter : layer.block().getDirectParameters().values()) {
                String name = layer.name() + "." + torchName(parameter.getType());
                parameter.setInitializer((manager, shape, dataType) ->
                        manager.create(initialValues(layer.init(), parameter.getType(), shape, bn2Gamma,
                                new SplittableRandom(seed ^ mix(name))), shape));
            }
        }
    }

    private static float[] initialValues(Init init, Parameter.Type type, Shape shape, float bn2Gamma,
                                         SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        switch (type) {
            case WEIGHT -> {
                if (init == Init.FC) {
                    fillUniform(values, 1 / Math.sqrt(shape.get(1)), random);
                } else {
                    long fan = init == Init.CONV ? shape.get(0) * shape.get(2) * shape.get(3) : shape.get(1);
                    fillKaimingNormal(values, fan, random);
                }
            }
            case BIAS -> fillUniform(values, 1 / Math.sqrt(FEATURES), random);
            case GAMMA -> Arrays.fill(values, init == Init.BN2 ? bn2Gamma : 1f);
            case BETA -> Arrays.fill(values, init == Init.HEAD_BN ? HEAD_BN_BIAS : 0f);
            case RUNNING_MEAN -> Arrays.fill(values, 0f);
            case RUNNING_VAR -> Arrays.fill(values, 1f);
            default -> throw new IllegalStateException("no initial value for a " + type + " parameter");
        }
        return values;
    }

    /** torch's {@code kaiming_normal_} for ReLU: N(0, 2 / fan), fan_out for convs, fan_in for linears. */
    private static void fillKaimingNormal(float[] values, long fan, SplittableRandom random) {
        double std = Math.sqrt(2.0 / fan);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
    }

    /** torch.nn.Linear's default for weight and bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    private static void fillUniform(float[] values, double bound, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
    }

    /** Spreads a name's hash over 64 bits, so that each parameter gets its own random stream. */
    private static long mix(String name) {
        long z = name.hashCode() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    private static String torchName(Parameter.Type type) {
        return switch (type) {
            case WEIGHT, GAMMA -> "weight";
            case BIAS, BETA -> "bias";
            case RUNNING_MEAN -> "running_mean";
            case RUNNING_VAR -> "running_var";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * torch's {@code nn.Dropout}: in training, each value is zeroed with probability {@code rate} and the
     * rest scaled by {@code 1 / (1 - rate)}; in evaluation, the identity. The mask is drawn in Java from
     * (seed, layer, step) into one direct buffer that this layer reuses, so a step allocates no host memory.
     */
    private final class SeededDropout extends AbstractBlock {

        private final int layer;
        private final float rate;
        private ByteBuffer maskBuffer;

        SeededDropout(int layer, float rate) {
            this.layer = layer;
            this.rate = rate;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray input = inputs.singletonOrThrow();
            if (!training) {
                return inputs;
            }
            return new NDList(input.mul(mask(input)));
        }

        private NDArray mask(NDArray input) {
            int values = Math.toIntExact(input.size());
            if (maskBuffer == null || maskBuffer.capacity() < values * Float.BYTES) {
                maskBuffer = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder());
            }
            SplittableRandom random = new SplittableRandom(SplitMix.mix(SplitMix.mix(seed, layer), trainingStep));
            float kept = 1 / (1 - rate);
            maskBuffer.clear();
            for (int i = 0; i < values; i++) {
                maskBuffer.putFloat(random.nextDouble() < rate ? 0f : kept);
            }
            maskBuffer.flip();
            // the mask joins the input's manager, the step's scope
            return input.getManager().create(maskBuffer, input.getShape(), DataType.FLOAT32);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    /** torchvision's BasicBlock: two 3x3 convs, the second BatchNorm's gamma set by the variant. */
    private final class BasicBlock extends AbstractBlock {

        private final Block conv1;
        private final Block bn1;
        private final Block conv2;
        private final Block bn2;
        /** A 1x1 strided conv and BatchNorm when the block changes size; null when it keeps it. */
        private final SequentialBlock downsample;

        BasicBlock(String name, int channels, int stride) {
            conv1 = addChildBlock("conv1", conv(name + ".conv1", channels, 3, stride, 1));
            bn1 = addChildBlock("bn1", batchNorm(name + ".bn1", Init.BN));
            conv2 = addChildBlock("conv2", conv(name + ".conv2", channels, 3, 1, 1));
            bn2 = addChildBlock("bn2", batchNorm(name + ".bn2", Init.BN2));
            if (stride == 1) {
                downsample = null;
            } else {
                downsample = addChildBlock("downsample", new SequentialBlock()
                        .add(conv(name + ".downsample.0", channels, 1, stride, 0))
                        .add(batchNorm(name + ".downsample.1", Init.BN)));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDList out = conv1.forward(store, inputs, training);
            out = bn1.forward(store, out, training);
            out = new NDList(Activation.relu(out.singletonOrThrow()));
            out = conv2.forward(store, out, training);
            out = bn2.forward(store, out, training);
            NDArray shortcut = downsample == null
                    ? inputs.singletonOrThrow()
                    : downsample.forward(store, inputs, training).singletonOrThrow();
            return new NDList(Activation.relu(out.singletonOrThrow().add(shortcut)));
        }

        long multiplyAdds(Shape[] inputShapes) {
            long total = ResNet18.multiplyAdds(conv1, inputShapes)
                    + ResNet18.multiplyAdds(conv2, conv1.getOutputShapes(inputShapes));
            if (downsample != null) {
                total += ResNet18.multiplyAdds(downsample.getChildren().valueAt(0), inputShapes);
            }
            return total;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv1.initialize(manager, dataType, inputShapes);
            Shape[] middle = conv1.getOutputShapes(inputShapes);
            bn1.initialize(manager, dataType, middle);
            conv2.initialize(manager, dataType, middle);
            bn2.initialize(manager, dataType, middle);
            if (downsample != null) {
                downsample.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
