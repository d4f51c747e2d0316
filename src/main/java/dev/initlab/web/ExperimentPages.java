package dev.initlab.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentOverviews;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.Run;
import dev.initlab.experiment.RunAccuracy;
import dev.initlab.queue.TimeEstimator;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The home page (workers, queue and the experiments list), one experiment's comparison, and one run. */
@Controller
class ExperimentPages {

    static final int PAGE_SIZE = 20;

    private final ExperimentService experiments;
    private final ExperimentOverviews overviews;
    private final WorkerBoard workers;
    private final TimeEstimator estimator;

    ExperimentPages(ExperimentService experiments, ExperimentOverviews overviews, WorkerBoard workers,
                    TimeEstimator estimator) {
        this.experiments = experiments;
        this.overviews = overviews;
        this.workers = workers;
        this.estimator = estimator;
    }

    @GetMapping("/")
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("workers", workers.snapshot());
        model.addAttribute("page", overviews.page(PageRequest.of(Math.max(page, 0), PAGE_SIZE))
                .map(ExperimentSummary::of));
        return "experiments/list";
    }

    @GetMapping("/experiments/{id}")
    String experiment(@PathVariable UUID id, Model model) {
        ExperimentDetails details = experiments.details(id);
        model.addAttribute("experiment", details.experiment());
        model.addAttribute("recipe", details.experiment().getRecipe());
        model.addAttribute("summary", ExperimentSummary.of(details));
        model.addAttribute("runs", RunRow.of(details, experiments.runAccuracies(id)));
        model.addAttribute("now", Instant.now());
        model.addAttribute("remaining", Durations.leftForTheExperiment(estimator.remainingSeconds(id)));
        return "experiments/show";
    }

    @PostMapping("/experiments/{id}/cancel")
    String cancelExperiment(@PathVariable UUID id) {
        experiments.cancelExperiment(id);
        return "redirect:/experiments/" + id;
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable UUID id, Model model) {
        Run run = experiments.run(id);
        List<EpochMetric> epochs = experiments.runMetrics(id);
        model.addAttribute("experiment", experiments.experiment(run.getExperimentId()));
        model.addAttribute("row", RunRow.of(run, epochs.isEmpty() ? null : new RunAccuracy(
                epochs.get(epochs.size() - 1).getAccuracy(),
                epochs.stream().mapToDouble(EpochMetric::getAccuracy).max().orElseThrow())));
        model.addAttribute("epochs", epochs);
        return "runs/show";
    }

    @PostMapping("/runs/{id}/cancel")
    String cancelRun(@PathVariable UUID id) {
        Run run = experiments.run(id);
        if (!run.getStatus().isFinished()) {
            experiments.cancelRun(id);
        }
        return "redirect:/experiments/" + run.getExperimentId();
    }
}
