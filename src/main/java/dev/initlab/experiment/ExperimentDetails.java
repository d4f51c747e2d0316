package dev.initlab.experiment;

import java.util.List;

/** An experiment with its runs, read in one transaction. */
public record ExperimentDetails(Experiment experiment, List<Run> runs) {
}
