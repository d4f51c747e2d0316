package dev.initlab.training.data;

import java.util.List;

/** A dataset as found on disk or generated, before it is decoded into the pixel cache. */
record SourceDataset(String name, List<String> classNames, SourceSplit train, SourceSplit valid) {
}
