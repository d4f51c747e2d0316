package dev.initlab.stats;

import java.util.List;
import java.util.Objects;

/** The epochs one run (a variant trained with a seed) has finished so far. */
public record RunSeries(String variant, long seed, List<EpochPoint> epochs) {

    public RunSeries {
        Objects.requireNonNull(variant, "variant");
        epochs = List.copyOf(epochs);
    }
}
