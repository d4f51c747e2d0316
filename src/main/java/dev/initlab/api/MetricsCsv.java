package dev.initlab.api;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.Run;

/** Long-format CSV, one row per run and epoch, ready for {@code pandas.read_csv}. */
final class MetricsCsv {

    static final String HEADER = "experiment_id,run_id,variant,bn2_gamma,seed,epoch,train_loss,valid_loss,accuracy,seconds";

    private MetricsCsv() {
    }

    static String write(ExperimentMetrics metrics) {
        Map<UUID, Run> runs = metrics.details().runs().stream().collect(Collectors.toMap(Run::getId, Function.identity()));
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (EpochMetric epoch : metrics.epochs()) {
            Run run = runs.get(epoch.getRunId());
            csv.append(run.getExperimentId()).append(',')
                    .append(run.getId()).append(',')
                    .append(field(run.getVariant().getName())).append(',')
                    .append(run.getVariant().getBn2Gamma()).append(',')
                    .append(run.getSeed()).append(',')
                    .append(epoch.getEpoch()).append(',')
                    .append(epoch.getTrainLoss()).append(',')
                    .append(epoch.getValidLoss()).append(',')
                    .append(epoch.getAccuracy()).append(',')
                    .append(epoch.getSeconds()).append('\n');
        }
        return csv.toString();
    }

    /** RFC 4180 quoting, and a leading quote mark for text a spreadsheet would run as a formula. */
    private static String field(String text) {
        String safe = text.matches("^[=+\\-@\t\r].*") ? "'" + text : text;
        if (safe.matches(".*[\",\r\n].*") || !safe.equals(text)) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
