package dev.initlab.experiment;

import java.util.UUID;

/**
 * Where an experiment's stored data stands, from the change numbers of its runs (see the V4 migration):
 * {@code ofEpochs} changes when an epoch is stored or removed, {@code ofEverything} with that and with any
 * change of a run's state (status, attempt, worker, error, times) or of the experiment's name, description
 * or tags (V7), though not with its progress, which pages
 * follow live. Equal versions mean equal data, progress aside.
 */
public record ExperimentVersion(UUID experimentId, String ofEpochs, String ofEverything) {
}
