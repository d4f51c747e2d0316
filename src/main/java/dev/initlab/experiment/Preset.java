package dev.initlab.experiment;

import static dev.initlab.training.OptimizerSettings.FASTAI;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Ready-made experiments for the questions InitLab exists to answer, as specs: the form starts from
 * them and {@code GET /api/presets} lists them for notebooks. "Reproduce the post" is the post's
 * recipe (full-size Imagenette resized to 256, batch 64, 5 epochs, fastai's head) with the five seeds
 * it said were needed; "Post, small" is the same on the 160 px Imagenette at 128; the others train
 * offline on Fashion-MNIST.
 */
public enum Preset {
    REPRODUCE("reproduce", "Reproduce the post",
            "imagenette2 at 256 px, batch 64, fastai head, 5 epochs, zero-init vs one-init, 5 seeds",
            "Reproduce the post: zero-init vs one-init on Imagenette", "imagenette2", 256, 5, zeroVersusOne(), 5),
    POST_SMALL("post-small", "Post, small",
            "As the post, on imagenette2-160 at 128 px: a quarter of the pixels",
            "The post, small: zero-init vs one-init on Imagenette 160", "imagenette2-160", 128, 5, zeroVersusOne(), 5),
    QUICK("quick", "Quick look, offline", "Fashion-MNIST, 4,000 / 2,000 images at 32 px, 3 epochs, 3 seeds",
            "Quick look: zero-init vs one-init on Fashion-MNIST", "fashion-mnist", 32, 3, zeroVersusOne(), 3),
    LONG("long", "Long run", "The quick look over 20 epochs: does zero-init win later?",
            "Long run: does zero-init win after 20 epochs?", "fashion-mnist", 32, 20, zeroVersusOne(), 3),
    GAMMAS("gammas", "Other gammas", "The quick look with bn2 gamma 0, 0.25, 0.5 and 1",
            "Other gammas: 0, 0.25, 0.5, 1", "fashion-mnist", 32, 3, gammaSweep(), 3);

    private static final int OFFLINE_TRAIN_IMAGES = 4000;
    private static final int OFFLINE_VALID_IMAGES = 2000;

    private final String key;
    private final String title;
    private final String description;
    private final ExperimentSpec spec;

    Preset(String key, String title, String description, String name, String dataset, int imageSize, int epochs,
           List<ExperimentSpec.VariantSpec> variants, int seeds) {
        this.key = key;
        this.title = title;
        this.description = description;
        boolean offline = dataset.equals("fashion-mnist");
        this.spec = new ExperimentSpec(name, dataset, imageSize, epochs, Recipe.DEFAULT_BATCH_SIZE,
                Recipe.DEFAULT_LR_MAX, Recipe.DEFAULT_WEIGHT_DECAY, Recipe.DEFAULT_HEAD,
                offline ? OFFLINE_TRAIN_IMAGES : null, offline ? OFFLINE_VALID_IMAGES : null, Recipe.DEFAULT_DEVICE,
                variants,
                LongStream.range(0, seeds).boxed().toList(), FASTAI.adamBeta2(), FASTAI.adamEps(), FASTAI.momentumHigh(),
                FASTAI.momentumLow(), FASTAI.pctStart(), FASTAI.divFactor(), FASTAI.finalDivFactor(), null,
                Analysis.DEFAULT_SMALLEST_DIFFERENCE, null);
    }

    private static List<ExperimentSpec.VariantSpec> zeroVersusOne() {
        return List.of(new ExperimentSpec.VariantSpec("zero-init", 0.0), new ExperimentSpec.VariantSpec("one-init", 1.0));
    }

    private static List<ExperimentSpec.VariantSpec> gammaSweep() {
        return List.of(new ExperimentSpec.VariantSpec("gamma 0", 0.0), new ExperimentSpec.VariantSpec("gamma 0.25", 0.25),
                new ExperimentSpec.VariantSpec("gamma 0.5", 0.5), new ExperimentSpec.VariantSpec("gamma 1", 1.0));
    }

    public String getKey() {
        return key;
    }

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public static Optional<Preset> byKey(String key) {
        return List.of(values()).stream().filter(preset -> preset.key.equals(key)).findFirst();
    }
}
