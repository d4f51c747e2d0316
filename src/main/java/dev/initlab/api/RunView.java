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
        boolean cancelRequested,
        String error,
        Progress progress,
        String worker,
        String device,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> links) {

    /** Where a running run stands: epoch and batch (0-based, batches done), speed. */
    public record Progress(Integer epoch, Integer batch, Integer batchesPerEpoch, Double imagesPerSecond) {
    }

    static RunView of(Run run) {
        String self = "/api/runs/" + run.getId();
        return new RunView(run.getId(), run.getExperimentId(), run.getVariant().getName(),
                run.getVariant().getBn2Gamma(), run.getSeed(), run.getStatus(), run.getAttempt(),
                run.isCancelRequested(), run.getError(),
                new Progress(run.getProgressEpoch(), run.getProgressBatch(), run.getBatchesPerEpoch(),
                        run.getImagesPerSecond()),
                run.getWorker(), run.getDevice(), run.getCreatedAt(), run.getStartedAt(), run.getFinishedAt(),
                Map.of("self", self,
                        "metrics", self + "/metrics",
                        "cancel", self + "/cancel",
                        "experiment", "/api/experiments/" + run.getExperimentId(),
                        "page", "/runs/" + run.getId()));
    }
}
