package dev.initlab.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.Run;
import dev.initlab.experiment.RunAccuracy;
import dev.initlab.experiment.RunStatus;

/**
 * One run as the experiment page's runs table and the run's own page show it: the run, and the accuracy of its
 * last stored epoch and its best (null before the first).
 */
public record RunRow(Run run, Double finalAccuracy, Double bestAccuracy) {

    static List<RunRow> of(ExperimentDetails details, Map<UUID, RunAccuracy> accuracies) {
        return details.runs().stream().map(run -> of(run, accuracies.get(run.getId()))).toList();
    }

    static RunRow of(Run run, RunAccuracy accuracy) {
        return accuracy == null ? new RunRow(run, null, null)
                : new RunRow(run, accuracy.finalAccuracy(), accuracy.bestAccuracy());
    }

    /** fastai prints the time of an epoch as mm:ss. */
    public static String time(double seconds) {
        long whole = Math.round(seconds);
        return String.format("%02d:%02d", whole / 60, whole % 60);
    }

    /** Seconds from the start of the run's latest attempt to its end, or to {@code now} while it runs. */
    public static Long durationSeconds(Run run, Instant now) {
        if (run.getStartedAt() == null) {
            return null;
        }
        Instant end = run.getFinishedAt() != null ? run.getFinishedAt() : now;
        return Math.max(0, Duration.between(run.getStartedAt(), end).toSeconds());
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
        return status + " · attempt " + attemptText(run);
    }

    /** "1", or "2, resumed from epoch 1 batch 20" once a later attempt continued from a checkpoint. */
    public static String attemptText(Run run) {
        String attempt = String.valueOf(run.getAttempt() + 1);
        if (run.getResumedFromEpoch() == null) {
            return attempt;
        }
        return attempt + ", resumed from epoch " + run.getResumedFromEpoch()
                + (run.getResumedFromBatch() > 0 ? " batch " + run.getResumedFromBatch() : "");
    }

    /** The progress text without the attempt, which the runs table shows in a column of its own. */
    public static String statusText(Run run, int epochs) {
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
