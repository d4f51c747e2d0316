package dev.initlab.training.model;

import dev.initlab.training.HeadType;

import java.util.List;

/** The layer table of one model for one image size; BatchNorm running statistics are not counted. */
public record ModelSummary(
        String architecture,
        HeadType head,
        int classes,
        int imageSize,
        List<LayerSummary> layers,
        long trainableParameters) {
}
