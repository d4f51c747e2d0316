package dev.initlab.api;

import java.net.URI;
import java.util.UUID;

import dev.initlab.comparison.ComparisonView;
import dev.initlab.comparison.ExperimentComparisons;
import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.ExperimentSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/experiments")
@Tag(name = "experiments", description = "Submit experiments and read their runs and metrics")
class ExperimentController {

    static final String TEXT_CSV = "text/csv";

    private final ExperimentService experiments;
    private final ExperimentComparisons comparisons;

    ExperimentController(ExperimentService experiments, ExperimentComparisons comparisons) {
        this.experiments = experiments;
        this.comparisons = comparisons;
    }

    @PostMapping
    @Operation(summary = "Create an experiment and queue one run per variant × seed")
    ResponseEntity<ExperimentView> create(@Valid @RequestBody ExperimentSpec spec) {
        ExperimentDetails created = experiments.create(spec);
        return ResponseEntity.created(URI.create("/api/experiments/" + created.experiment().getId()))
                .body(ExperimentView.of(created));
    }

    @GetMapping
    @Operation(summary = "List experiments, newest first")
    PageView<ExperimentView> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return PageView.of(experiments.list(PageRequest.of(page, size)).map(ExperimentView::of));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One experiment with its recipe and runs")
    ExperimentView get(@PathVariable UUID id) {
        return ExperimentView.of(experiments.details(id));
    }

    @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every run's epochs (JSON; ?format=csv or Accept: text/csv for long-format CSV)")
    ExperimentMetricsView metrics(@PathVariable UUID id,
                                  @RequestParam(required = false) @jakarta.validation.constraints.Pattern(
                                          regexp = "json|csv", message = "must be json or csv") String format) {
        return ExperimentMetricsView.of(experiments.experimentMetrics(id));
    }

    @GetMapping(value = "/{id}/metrics", produces = TEXT_CSV)
    ResponseEntity<String> metricsCsvByAccept(@PathVariable UUID id) {
        return csv(id);
    }

    @GetMapping(value = "/{id}/metrics", params = "format=csv")
    ResponseEntity<String> metricsCsv(@PathVariable UUID id) {
        return csv(id);
    }

    @GetMapping("/{id}/comparison")
    @Operation(summary = "Per-epoch mean, standard deviation and 95 % CI per variant over the seeds; each variant"
            + " against the baseline at every epoch both reached (Welch and paired t-tests, crossover) and a verdict."
            + " Epochs count from 0, as fastai prints them; CIs are clipped to the metric's range")
    ComparisonView comparison(@PathVariable UUID id,
                              @RequestParam(required = false) String baseline,
                              @RequestParam(required = false) @Min(0) Integer epoch) {
        return comparisons.compare(id, baseline, epoch);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel every run that has not finished")
    ExperimentView cancel(@PathVariable UUID id) {
        return ExperimentView.of(experiments.cancelExperiment(id));
    }

    private ResponseEntity<String> csv(UUID id) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(TEXT_CSV + ";charset=UTF-8"))
                .header("Content-Disposition", "inline; filename=\"experiment-" + id + "-metrics.csv\"")
                .body(MetricsCsv.write(experiments.experimentMetrics(id)));
    }
}
