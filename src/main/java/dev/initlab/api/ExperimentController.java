package dev.initlab.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.initlab.caching.VersionedResponses;
import dev.initlab.comparison.ComparisonView;
import dev.initlab.comparison.ExperimentComparisons;
import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.ExperimentVersion;
import dev.initlab.experiment.ExperimentVersions;
import dev.initlab.experiment.Run;
import dev.initlab.experiment.SeedsToAdd;
import dev.initlab.experiment.StoredEpochs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/experiments")
@Tag(name = "experiments", description = "Submit experiments and read their runs and metrics")
class ExperimentController {

    static final String TEXT_CSV = "text/csv";
    private static final String CSV_UTF8 = TEXT_CSV + ";charset=UTF-8";
    /** Far enough for any list, and small enough that its first row (page × size) fits the database query's offset. */
    private static final int LAST_PAGE = 1_000_000;
    private static final int LARGEST_PAGE = 100;

    private final ExperimentService experiments;
    private final ExperimentComparisons comparisons;
    private final ExperimentVersions versions;
    private final StoredEpochs storedEpochs;
    private final VersionedResponses responses;
    private final JsonMapper json;

    ExperimentController(ExperimentService experiments, ExperimentComparisons comparisons, ExperimentVersions versions,
                         StoredEpochs storedEpochs, VersionedResponses responses, JsonMapper json) {
        this.experiments = experiments;
        this.comparisons = comparisons;
        this.versions = versions;
        this.storedEpochs = storedEpochs;
        this.responses = responses;
        this.json = json;
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
    PageView<ExperimentView> list(@RequestParam(defaultValue = "0") @Min(0) @Max(LAST_PAGE) int page,
                                  @RequestParam(defaultValue = "20") @Min(1) @Max(LARGEST_PAGE) int size) {
        return PageView.of(experiments.list(PageRequest.of(page, size)).map(ExperimentView::of));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One experiment with its recipe and runs")
    ExperimentView get(@PathVariable UUID id) {
        return ExperimentView.of(experiments.details(id));
    }

    @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every run's epochs (JSON; ?format=csv or Accept: text/csv for long-format CSV)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExperimentMetricsView.class)))
    void metrics(@PathVariable UUID id,
                 @RequestParam(required = false) @jakarta.validation.constraints.Pattern(
                         regexp = "json|csv", message = "must be json or csv") String format,
                 HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExperimentVersion version = versions.of(id);
        responses.send(request, response, "metrics.json " + id + " " + version.ofEverything(),
                MediaType.APPLICATION_JSON_VALUE,
                out -> json.writeValue(out, ExperimentMetricsView.of(experiments.experimentMetrics(id))));
    }

    @GetMapping(value = "/{id}/metrics", produces = TEXT_CSV)
    void metricsCsvByAccept(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        csv(id, request, response);
    }

    @GetMapping(value = "/{id}/metrics", params = "format=csv")
    void metricsCsv(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        csv(id, request, response);
    }

    @GetMapping("/{id}/comparison")
    @Operation(summary = "Per-epoch mean, standard deviation and 95 % CI per variant over the seeds; each variant"
            + " against the baseline at every epoch both reached (Welch and paired t-tests, crossover) and a verdict."
            + " Epochs count from 0, as fastai prints them; CIs are clipped to the metric's range")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ComparisonView.class)))
    void comparison(@PathVariable UUID id,
                    @RequestParam(required = false) String baseline,
                    @RequestParam(required = false) @Min(0) Integer epoch,
                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExperimentVersion version = versions.of(id);
        responses.send(request, response,
                "comparison " + id + " " + version.ofEpochs() + " baseline=" + baseline + " epoch=" + epoch,
                MediaType.APPLICATION_JSON_VALUE,
                out -> json.writeValue(out, comparisons.compare(id, baseline, epoch)));
    }

    @PostMapping("/{id}/seeds")
    @Operation(summary = "Add seeds to an experiment and queue one run per variant × new seed",
            description = "The body is either {\"count\": N}, the next N seeds the experiment does not have (the"
                    + " smallest non-negative integers not yet in it), or {\"seeds\": [...]}, the seeds themselves;"
                    + " exactly one of the two, count 1–50, seeds unique and 0–2147483647. The runs are queued with"
                    + " the experiment's stored recipe, seed by seed, under the same limits as a new experiment:"
                    + " initlab.limits.runs-per-experiment counts the runs it has and the new ones. Nothing is stored"
                    + " when the request is refused.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "count", summary = "the next two unused seeds", value = "{\"count\": 2}"),
            @ExampleObject(name = "seeds", summary = "these seeds", value = "{\"seeds\": [7, 8, 9]}")}))
    @ApiResponse(responseCode = "201", description = "The seeds added and their queued runs; Location names the"
            + " experiment")
    @ApiResponse(responseCode = "400", description = "Invalid request, or more runs than an experiment may have"
            + " (type /problems/limit-exceeded)", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No experiment with this id",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "A seed is already in the experiment (type"
            + " /problems/seed-already-in-experiment, the seeds under seeds)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "429", description = "The queue is full (type /problems/limit-exceeded)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<AddedSeedsView> addSeeds(@PathVariable UUID id, @Valid @RequestBody SeedsToAdd request) {
        List<Run> added = experiments.addSeeds(id, request);
        return ResponseEntity.created(URI.create("/api/experiments/" + id)).body(AddedSeedsView.of(id, added));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel every run that has not finished")
    ExperimentView cancel(@PathVariable UUID id) {
        return ExperimentView.of(experiments.cancelExperiment(id));
    }

    private void csv(UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExperimentVersion version = versions.of(id);
        response.setHeader("Content-Disposition", "inline; filename=\"experiment-" + id + "-metrics.csv\"");
        responses.send(request, response, "metrics.csv " + id + " " + version.ofEpochs(), CSV_UTF8,
                out -> MetricsCsv.write(id, storedEpochs, out));
    }
}
