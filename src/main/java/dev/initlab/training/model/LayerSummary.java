package dev.initlab.training.model;

import java.util.List;

/** One top-level layer: torch-style name, DJL block type, output shape for one image, trainable parameters. */
public record LayerSummary(String name, String type, List<Long> outputShape, long trainableParameters) {
}
