package dev.initlab.web;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentMetrics;

/** Reads a variant's curve out of an experiment's stored epochs. */
final class VariantCurves {

    private VariantCurves() {
    }

    /** The variant's accuracy averaged over its seeds, by epoch, for the epochs stored so far. */
    static SortedMap<Integer, Double> meanAccuracyByEpoch(ExperimentMetrics metrics, String variant) {
        Set<UUID> runs = metrics.details().runs().stream()
                .filter(run -> run.getVariant().getName().equals(variant))
                .map(run -> run.getId()).collect(Collectors.toSet());
        Map<Integer, Double> means = metrics.epochs().stream()
                .filter(epoch -> runs.contains(epoch.getRunId()))
                .collect(Collectors.groupingBy(EpochMetric::getEpoch, Collectors.averagingDouble(EpochMetric::getAccuracy)));
        return new TreeMap<>(means);
    }

    /** The highest per-epoch mean accuracy over the variant's seeds, or null before any epoch is stored. */
    static Double bestMeanAccuracy(ExperimentMetrics metrics, String variant) {
        OptionalDouble best = meanAccuracyByEpoch(metrics, variant).values().stream().mapToDouble(Double::doubleValue).max();
        return best.isPresent() ? best.getAsDouble() : null;
    }
}
