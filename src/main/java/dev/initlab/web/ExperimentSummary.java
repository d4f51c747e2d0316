package dev.initlab.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.initlab.experiment.Experiment;
import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentOverviews;
import dev.initlab.experiment.RunStatus;
import dev.initlab.experiment.Variant;

/**
 * A line of the experiments list: the experiment, its runs by status, each variant's best mean accuracy,
 * and the sparkline of every variant's mean accuracy (both in the experiment's variant order).
 */
public record ExperimentSummary(Experiment experiment, Map<RunStatus, Long> statusCounts, Map<String, Double> bestMeanAccuracy,
                         Sparkline sparkline, String description) {

    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public String created() {
        return CREATED.format(experiment.getCreatedAt());
    }

    /** Without the accuracies, which the experiment's page shows in its own tables and charts. */
    static ExperimentSummary of(ExperimentDetails details) {
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        details.runs().forEach(run -> counts.merge(run.getStatus(), 1L, Long::sum));
        return of(details.experiment(), counts, Map.of());
    }

    static ExperimentSummary of(ExperimentOverviews.Overview overview) {
        return of(overview.experiment(), overview.statusCounts(), overview.meanAccuracy());
    }

    private static ExperimentSummary of(Experiment experiment, Map<RunStatus, Long> counts,
                                        Map<String, SortedMap<Integer, Double>> means) {
        var recipe = experiment.getRecipe();
        Map<String, Double> best = new LinkedHashMap<>();
        List<Sparkline.Line> lines = new ArrayList<>();
        for (Variant variant : experiment.getVariants()) {
            SortedMap<Integer, Double> curve = means.getOrDefault(variant.getName(), new TreeMap<>());
            best.put(variant.getName(), curve.values().stream().max(Double::compare).orElse(null));
            lines.add(Sparkline.line(variant.getName(), lines.size(), curve, recipe.epochs()));
        }
        long runs = counts.values().stream().mapToLong(Long::longValue).sum();
        String description = "%s at %d px, %d epochs, %d runs: %s".formatted(recipe.dataset(), recipe.imageSize(),
                recipe.epochs(), runs,
                String.join(" vs ", experiment.getVariants().stream()
                        .map(variant -> variant.getName() + " (γ=" + variant.getBn2Gamma() + ")").toList()));
        return new ExperimentSummary(experiment, counts, best, new Sparkline(lines), description);
    }
}
