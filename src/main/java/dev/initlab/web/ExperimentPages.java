package dev.initlab.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.initlab.comparison.ComparisonView;
import dev.initlab.comparison.ExperimentComparisons;
import dev.initlab.experiment.EpochMetric;
import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentOverviews;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.Run;
import dev.initlab.experiment.RunAccuracy;
import dev.initlab.experiment.SeedsAlreadyInExperimentException;
import dev.initlab.experiment.SeedsToAdd;
import dev.initlab.limits.LimitExceededException;
import dev.initlab.queue.TimeEstimator;
import dev.initlab.security.AccessRules;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The home page (workers, queue and the experiments list), one experiment's comparison with its form for more
 * seeds, and one run.
 */
@Controller
class ExperimentPages {

    static final int PAGE_SIZE = 20;

    /** What the experiment page's form for more seeds says went wrong, shown once after the redirect. */
    static final String SEEDS_REFUSED = "seedsRefused";

    private final ExperimentService experiments;
    private final ExperimentOverviews overviews;
    private final WorkerBoard workers;
    private final TimeEstimator estimator;
    private final AccessRules access;
    private final ExperimentComparisons comparisons;

    ExperimentPages(ExperimentService experiments, ExperimentOverviews overviews, WorkerBoard workers,
                    TimeEstimator estimator, AccessRules access, ExperimentComparisons comparisons) {
        this.experiments = experiments;
        this.overviews = overviews;
        this.workers = workers;
        this.estimator = estimator;
        this.access = access;
        this.comparisons = comparisons;
    }

    @GetMapping("/")
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("workers", workers.snapshot());
        model.addAttribute("page", overviews.page(PageRequest.of(Math.max(page, 0), PAGE_SIZE))
                .map(ExperimentSummary::of));
        return "experiments/list";
    }

    /** The seeds the power analysis asks for beyond those the experiment has; null when it asks for none or cannot tell. */
    private static Integer advisedSeeds(ComparisonView comparison) {
        return comparison.pairs().stream().map(pair -> pair.power().morePairsNeeded()).filter(Objects::nonNull)
                .filter(more -> more > 0).max(Integer::compare).map(more -> Math.min(more, SeedsToAdd.MAX_SEEDS))
                .orElse(null);
    }

    /**
     * The experiment page. Its form for more seeds shows to those who may send it ({@code mayChange}), with the
     * count from {@code advisedSeeds} when the model has one, else 2.
     */
    @GetMapping("/experiments/{id}")
    String experiment(@PathVariable UUID id, Principal principal, Model model) {
        ExperimentDetails details = experiments.details(id);
        model.addAttribute("experiment", details.experiment());
        model.addAttribute("recipe", details.experiment().getRecipe());
        model.addAttribute("summary", ExperimentSummary.of(details));
        model.addAttribute("runs", RunRow.of(details, experiments.runAccuracies(id)));
        model.addAttribute("now", Instant.now());
        model.addAttribute("remaining", Durations.leftForTheExperiment(estimator.remainingSeconds(id)));
        model.addAttribute("mayChange", access.mayChange(principal));
        ComparisonView comparison = comparisons.compare(id, null, null);
        model.addAttribute("primaryEpoch", comparison.primaryEpoch());
        model.addAttribute("advisedSeeds", advisedSeeds(comparison));
        return "experiments/show";
    }

    /**
     * The experiment page's form for more seeds: the next {@code count} unused seeds, then back to the page, where
     * the new runs are in the table. A refusal (a count out of range, a limit) is shown on the page once: the page
     * it redirects to has a query, so that no cached copy stands in for it and none keeps the sentence.
     */
    @PostMapping("/experiments/{id}/seeds")
    String addSeeds(@PathVariable UUID id, @RequestParam(required = false) String count,
                    RedirectAttributes redirect) {
        String refusal;
        try {
            experiments.addSeeds(id, new SeedsToAdd(seedCount(count), null));
            return "redirect:/experiments/" + id + "#runs";
        } catch (InvalidSeedCount | SeedsAlreadyInExperimentException e) {
            refusal = e.getMessage();
        } catch (LimitExceededException e) {
            refusal = e.reason();
        }
        redirect.addFlashAttribute(SEEDS_REFUSED, refusal);
        return "redirect:/experiments/" + id + "?seeds=refused#add-seeds";
    }

    @PostMapping("/experiments/{id}/cancel")
    String cancelExperiment(@PathVariable UUID id) {
        experiments.cancelExperiment(id);
        return "redirect:/experiments/" + id;
    }

    private static int seedCount(String count) {
        try {
            int seeds = Integer.parseInt(count == null ? "" : count.strip());
            if (seeds >= 1 && seeds <= SeedsToAdd.MAX_SEEDS) {
                return seeds;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, in the same words
        }
        throw new InvalidSeedCount();
    }

    /** The form's count is not a whole number from 1 to {@link SeedsToAdd#MAX_SEEDS}. */
    private static final class InvalidSeedCount extends RuntimeException {
        InvalidSeedCount() {
            super("Seeds to add must be a whole number from 1 to " + SeedsToAdd.MAX_SEEDS + ".");
        }
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
