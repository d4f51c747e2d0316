package dev.initlab.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.initlab.experiment.Run;
import io.swagger.v3.oas.annotations.media.Schema;

/** What adding seeds queued: the new seeds and their runs, with links to the experiment. */
public record AddedSeedsView(
        @Schema(description = "The experiment the seeds were added to")
        UUID experimentId,
        @Schema(description = "The seeds added, in the order their runs were queued", example = "[2, 3]")
        List<Long> seeds,
        @Schema(description = "The runs queued: one per variant × new seed, seed by seed, with the experiment's"
                + " recipe")
        List<RunView> runs,
        @Schema(description = "The experiment in the API (self) and its page")
        Map<String, String> links) {

    static AddedSeedsView of(UUID experimentId, List<Run> runs) {
        return new AddedSeedsView(experimentId, runs.stream().map(Run::getSeed).distinct().toList(),
                runs.stream().map(RunView::of).toList(),
                Map.of("experiment", "/api/experiments/" + experimentId, "page", "/experiments/" + experimentId));
    }
}
