package dev.initlab.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.Run;
import dev.initlab.experiment.RunStatus;

/** One run with the post's table: epoch | train_loss | valid_loss | accuracy | time. */
public record RunTable(Run run, List<EpochMetric> epochs) {

    static List<RunTable> of(ExperimentMetrics metrics) {
        Map<UUID, List<EpochMetric>> byRun = metrics.epochs().stream()
                .collect(Collectors.groupingBy(EpochMetric::getRunId));
        return metrics.details().runs().stream()
                .map(run -> new RunTable(run, byRun.getOrDefault(run.getId(), List.of())))
                .toList();
    }

    /** fastai prints the time of an epoch as mm:ss. */
    public static String time(double seconds) {
        long whole = Math.round(seconds);
        return String.format("%02d:%02d", whole / 60, whole % 60);
    }

    /**
     * "epoch 2/5 · batch 40/62 · 310 img/s · 01:12 left", what a run does before it trains
     * ("downloading …: 45 %"), or what the status says; and the attempt and its checkpoint once resumed.
     */
    public static String progressText(Run run, int epochs) {
        String status = statusText(run, epochs);
        if (run.getResumedFromEpoch() == null) {
            return status;
        }
        return status + " · attempt " + (run.getAttempt() + 1) + ", resumed from epoch " + run.getResumedFromEpoch()
                + (run.getResumedFromBatch() > 0 ? " batch " + run.getResumedFromBatch() : "");
    }

    private static String statusText(Run run, int epochs) {
        return switch (run.getStatus()) {
            case QUEUED -> "queued";
            case SUCCEEDED -> "done";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case RUNNING -> {
                if (run.getPhase() != null && !run.getPhase().equals("training")) {
                    yield run.getPhase();
                }
                StringBuilder text = new StringBuilder("epoch ")
                        .append(Math.min(epochs, (run.getProgressEpoch() == null ? 0 : run.getProgressEpoch()) + 1))
                        .append('/').append(epochs);
                if (run.getBatchesPerEpoch() != null) {
                    text.append(" · batch ").append(run.getProgressBatch()).append('/').append(run.getBatchesPerEpoch());
                }
                if (run.getImagesPerSecond() != null) {
                    text.append(" · ").append(Math.round(run.getImagesPerSecond())).append(" img/s");
                }
                if (run.getEtaSeconds() != null) {
                    text.append(" · ").append(time(run.getEtaSeconds())).append(" left");
                }
                yield text.toString();
            }
        };
    }

    public int percentDone(int epochs) {
        return percentDone(run, epochs);
    }

    /** Percent of the run done, from its stored progress. */
    public static int percentDone(Run run, int epochs) {
        Integer epoch = run.getProgressEpoch();
        Integer batch = run.getProgressBatch();
        Integer perEpoch = run.getBatchesPerEpoch();
        if (run.getStatus() == RunStatus.SUCCEEDED) {
            return 100;
        }
        if (epoch == null || perEpoch == null || perEpoch == 0) {
            return 0;
        }
        double done = epoch + (batch == null ? 0 : batch / (double) perEpoch);
        return (int) Math.min(100, Math.round(100 * done / epochs));
    }
}
