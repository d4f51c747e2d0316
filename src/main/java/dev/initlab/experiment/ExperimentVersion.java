package dev.initlab.experiment;

import java.util.UUID;

/**
 * Where an experiment's stored data stands, from the change numbers of its runs (see the V4 migration):
 * {@code ofEpochs} changes when an epoch is stored or removed, {@code ofEverything} with that and with any
 * change to a run (status, progress, attempt). Equal versions mean equal data.
 */
public record ExperimentVersion(UUID experimentId, String ofEpochs, String ofEverything) {
}
