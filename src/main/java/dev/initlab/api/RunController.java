package dev.initlab.api;

import java.util.List;
import java.util.UUID;

import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.Run;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/runs")
@Tag(name = "runs", description = "One variant trained with one seed")
class RunController {

    private final ExperimentService experiments;

    RunController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GetMapping("/{id}")
    @Operation(summary = "One run: status, attempt, progress, error")
    RunView get(@PathVariable UUID id) {
        return RunView.of(experiments.run(id));
    }

    @GetMapping("/{id}/metrics")
    @Operation(summary = "The run's finished epochs")
    List<EpochView> metrics(@PathVariable UUID id) {
        return experiments.runMetrics(id).stream().map(EpochView::of).toList();
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued run at once, or a running one at its next batch")
    RunView cancel(@PathVariable UUID id) {
        Run run = experiments.cancelRun(id);
        return RunView.of(run);
    }
}
