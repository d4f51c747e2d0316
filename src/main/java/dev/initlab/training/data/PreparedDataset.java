package dev.initlab.training.data;

import java.util.List;

/** A dataset decoded into the pixel cache at one image size, ready to be batched. */
public interface PreparedDataset {

    String name();

    List<String> classNames();

    ImageSplit train();

    ImageSplit valid();
}
