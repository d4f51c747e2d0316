package dev.initlab.api;

import dev.initlab.queue.Estimate;
import io.swagger.v3.oas.annotations.media.Schema;

/** An estimate as the API shows it. */
record EstimateView(
        @Schema(description = "Runs the spec would queue: variants × seeds")
        int runs,
        @Schema(description = "Training images each run goes through per epoch: the training split after trainLimit,"
                + " less the last partial batch; null when a folder dataset cannot be counted")
        Integer trainImagesPerEpoch,
        @Schema(description = "Validation images each run scores per epoch, after validLimit; null when a folder"
                + " dataset cannot be counted")
        Integer validImagesPerEpoch,
        @Schema(description = "Seconds from submitting until the experiment's last run ends; null when there is no"
                + " basis (basis says why)")
        Double estimatedSeconds,
        @Schema(description = "Seconds one run takes once a worker has taken it; null when there is no basis")
        Double runSeconds,
        @Schema(description = "Seconds until the first run would start, behind the runs queued and training ahead;"
                + " null when there is no basis")
        Double queueAheadSeconds,
        @Schema(description = "Kind of worker that would train the runs", allowableValues = {"cpu", "gpu"})
        String deviceKind,
        @Schema(description = "Worker slots (runs trained at once) that would take the runs")
        int workers,
        @Schema(description = "False when no live worker takes the runs and this instance's configured slots are"
                + " assumed")
        boolean workersLive,
        @Schema(description = "Finished runs of this deployment whose measured speed the estimate rests on")
        int basedOnRuns,
        @Schema(description = "What the estimate rests on, or why there is none, in words", example =
                "based on 12 finished CPU runs at 32 px")
        String basis) {

    static EstimateView of(Estimate estimate) {
        return new EstimateView(estimate.runs(), estimate.trainImagesPerEpoch(), estimate.validImagesPerEpoch(),
                estimate.estimatedSeconds(), estimate.runSeconds(), estimate.queueAheadSeconds(),
                estimate.deviceKind(), estimate.workers(), estimate.workersLive(), estimate.basedOnRuns(),
                estimate.basis());
    }
}
