package dev.initlab.web;

import java.util.List;
import java.util.Optional;

/** Ready-made forms for the questions InitLab exists to answer. */
enum Preset {
    REPRODUCE("reproduce", "Reproduce the post",
            "Imagenette 160 px at 128, fastai head, 5 epochs, zero-init vs one-init, 5 seeds"),
    QUICK("quick", "Quick look, offline", "Fashion-MNIST, 4,000 / 2,000 images at 32 px, 3 epochs, 3 seeds"),
    LONG("long", "Long run", "The quick look over 20 epochs: does zero-init win later?"),
    GAMMAS("gammas", "Other gammas", "The quick look with bn2 gamma 0, 0.25, 0.5 and 1");

    final String key;
    final String title;
    final String description;

    Preset(String key, String title, String description) {
        this.key = key;
        this.title = title;
        this.description = description;
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

    static Optional<Preset> byKey(String key) {
        return List.of(values()).stream().filter(preset -> preset.key.equals(key)).findFirst();
    }

    ExperimentForm fill() {
        ExperimentForm form = new ExperimentForm();
        if (this == REPRODUCE) {
            form.setName("Reproduce the post: zero-init vs one-init on Imagenette");
            form.setDataset("imagenette2-160");
            form.setImageSize(128);
            form.setEpochs(5);
            form.setSeedCount(5);
            return form;
        }
        form.setDataset("fashion-mnist");
        form.setImageSize(32);
        form.setTrainLimit(4000);
        form.setValidLimit(2000);
        form.setSeedCount(3);
        form.setEpochs(this == LONG ? 20 : 3);
        form.setName(switch (this) {
            case LONG -> "Long run: does zero-init win after 20 epochs?";
            case GAMMAS -> "Other gammas: 0, 0.25, 0.5, 1";
            default -> "Quick look: zero-init vs one-init on Fashion-MNIST";
        });
        if (this == GAMMAS) {
            form.setVariants(new java.util.ArrayList<>(List.of(
                    new ExperimentForm.VariantRow("gamma 0", 0.0), new ExperimentForm.VariantRow("gamma 0.25", 0.25),
                    new ExperimentForm.VariantRow("gamma 0.5", 0.5), new ExperimentForm.VariantRow("gamma 1", 1.0))));
        }
        return form;
    }
}
