package dev.initlab.api;

import dev.initlab.queue.Estimate;
import dev.initlab.queue.SequentialEstimate;
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
        @Schema(description = "Seconds from submitting until the experiment's last run ends; for a sequential spec,"
                + " until its listed seeds (the first step) have finished, and sequential gives the whole; null when"
                + " there is no basis (basis says why)")
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
        String basis,
        @Schema(description = "For a sequential spec (stopping set), how long it is likely to take: it stops when its"
                + " answer is known; null for a fixed design")
        SequentialView sequential) {

    @Schema(name = "SequentialEstimateView")
    record SequentialView(
            @Schema(description = "Seconds from submitting until the last run ends, averaged over simulated"
                    + " experiments; null when there is no basis for a run's time")
            Double expectedSeconds,
            @Schema(description = "Seconds from submitting until the last run ends if every seed up to maxSeeds is"
                    + " needed; null when there is no basis for a run's time")
            Double largestSeconds,
            @Schema(description = "Seeds the experiment is expected to end with")
            double expectedSeeds,
            @Schema(description = "The cap on seeds: stopping.maxSeeds")
            int maxSeeds,
            @Schema(description = "Share of the simulated experiments that ended decided or practically equivalent"
                    + " before the cap")
            double settledShare,
            @Schema(description = "Sd of the paired differences in accuracy (a fraction) the simulation assumed: from"
                    + " earlier experiments of the same recipe, else 0.01")
            double sdDifference,
            @Schema(description = "True difference from the baseline the simulation gave every compared variant: the"
                    + " spec's smallestDifference")
            double assumedDifference,
            @Schema(description = "Paired seeds of earlier experiments of the same recipe and primary epoch that"
                    + " sdDifference rests on; 0 when it is the default")
            int pilotPairs,
            @Schema(description = "Simulated sequential experiments the expectation averages")
            int simulations,
            @Schema(description = "Where sdDifference comes from, in words")
            String scale) {

        static SequentialView of(SequentialEstimate estimate) {
            return estimate == null ? null : new SequentialView(estimate.expectedSeconds(), estimate.largestSeconds(),
                    estimate.expectedSeeds(), estimate.maxSeeds(), estimate.settledShare(), estimate.sdDifference(),
                    estimate.assumedDifference(), estimate.pilotPairs(), estimate.simulations(), estimate.scale());
        }
    }

    static EstimateView of(Estimate estimate) {
        return new EstimateView(estimate.runs(), estimate.trainImagesPerEpoch(), estimate.validImagesPerEpoch(),
                estimate.estimatedSeconds(), estimate.runSeconds(), estimate.queueAheadSeconds(),
                estimate.deviceKind(), estimate.workers(), estimate.workersLive(), estimate.basedOnRuns(),
                estimate.basis(), SequentialView.of(estimate.sequential()));
    }
}
