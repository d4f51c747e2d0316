package dev.initlab.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.initlab.experiment.Run;
import dev.initlab.experiment.RunStatus;

/** A run as the API shows it, with links to itself, its metrics and its experiment. */
public record RunView(
        UUID id,
        UUID experimentId,
        String variant,
        double bn2Gamma,
        long seed,
        RunStatus status,
        int attempt,
        ResumedFrom resumedFrom,
        boolean cancelRequested,
        String error,
        Progress progress,
        String worker,
        String device,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> links) {

    /** Where a running run stands: epoch and batch (0-based, batches done), speed, and what it is doing. */
    public record Progress(Integer epoch, Integer batch, Integer batchesPerEpoch, Double imagesPerSecond,
                           String phase) {
    }

    /** The checkpoint the latest attempt continued from: epochs before {@code epoch} were kept as stored. */
    public record ResumedFrom(int epoch, int batch) {
    }

    static RunView of(Run run) {
        String self = "/api/runs/" + run.getId();
        return new RunView(run.getId(), run.getExperimentId(), run.getVariant().getName(),
                run.getVariant().getBn2Gamma(), run.getSeed(), run.getStatus(), run.getAttempt(),
                run.getResumedFromEpoch() == null ? null
                        : new ResumedFrom(run.getResumedFromEpoch(), run.getResumedFromBatch()),
                run.isCancelRequested(), run.getError(),
                new Progress(run.getProgressEpoch(), run.getProgressBatch(), run.getBatchesPerEpoch(),
                        run.getImagesPerSecond(), run.getPhase()),
                run.getWorker(), run.getDevice(), run.getCreatedAt(), run.getStartedAt(), run.getFinishedAt(),
                Map.of("self", self,
                        "metrics", self + "/metrics",
                        "cancel", self + "/cancel",
                        "experiment", "/api/experiments/" + run.getExperimentId(),
                        "page", "/runs/" + run.getId()));
    }
}
