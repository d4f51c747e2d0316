package dev.initlab.comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.Run;
import dev.initlab.stats.EpochPoint;
import dev.initlab.stats.RunSeries;

/** An experiment's stored epochs as the statistics read them: one series per run, by variant and seed. */
public final class ExperimentSeries {

    private ExperimentSeries() {
    }

    public static List<RunSeries> of(ExperimentMetrics metrics) {
        Map<UUID, List<EpochMetric>> byRun = metrics.epochs().stream()
                .collect(Collectors.groupingBy(EpochMetric::getRunId));
        List<RunSeries> series = new ArrayList<>();
        for (Run run : metrics.details().runs()) {
            List<EpochPoint> points = byRun.getOrDefault(run.getId(), List.of()).stream()
                    .map(epoch -> new EpochPoint(epoch.getEpoch(), epoch.getAccuracy(), epoch.getValidLoss(),
                            epoch.getTrainLoss()))
                    .toList();
            series.add(new RunSeries(run.getVariant().getName(), run.getSeed(), points));
        }
        return series;
    }
}
