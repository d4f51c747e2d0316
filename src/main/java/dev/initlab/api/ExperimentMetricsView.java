package dev.initlab.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.RunStatus;

/** Every run of an experiment with the epochs it has finished. */
public record ExperimentMetricsView(UUID experimentId, List<RunMetricsView> runs) {

    /** One run's table, as fastai prints it. */
    public record RunMetricsView(UUID runId, String variant, double bn2Gamma, long seed, RunStatus status,
                                 List<EpochView> epochs) {
    }

    static ExperimentMetricsView of(ExperimentMetrics metrics) {
        Map<UUID, List<EpochView>> byRun = metrics.epochs().stream().collect(Collectors.groupingBy(
                EpochMetric::getRunId, Collectors.mapping(EpochView::of, Collectors.toList())));
        return new ExperimentMetricsView(metrics.details().experiment().getId(),
                metrics.details().runs().stream()
                        .map(run -> new RunMetricsView(run.getId(), run.getVariant().getName(),
                                run.getVariant().getBn2Gamma(), run.getSeed(), run.getStatus(),
                                byRun.getOrDefault(run.getId(), List.of())))
                        .toList());
    }
}
