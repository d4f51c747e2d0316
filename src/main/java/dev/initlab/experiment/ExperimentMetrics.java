package dev.initlab.experiment;

import java.util.List;

/** An experiment, its runs and all their stored epochs, ordered by run then epoch. */
public record ExperimentMetrics(ExperimentDetails details, List<EpochMetric> epochs) {
}
