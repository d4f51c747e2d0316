package dev.initlab.comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.Run;
import dev.initlab.stats.EpochPoint;
import dev.initlab.stats.EpochSummary;
import dev.initlab.stats.RunSeries;
import dev.initlab.stats.VariantSummary;

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

    /** Each variant's accuracy averaged over the seeds that reached each epoch, by variant name; none before a stored epoch. */
    public static Map<String, SortedMap<Integer, Double>> meanAccuracyByEpoch(ExperimentMetrics metrics) {
        return VariantSummary.ofAll(of(metrics)).stream().collect(Collectors.toMap(VariantSummary::variant,
                variant -> new TreeMap<>(variant.epochs().stream()
                        .collect(Collectors.toMap(EpochSummary::epoch, epoch -> epoch.accuracy().mean())))));
    }
}
