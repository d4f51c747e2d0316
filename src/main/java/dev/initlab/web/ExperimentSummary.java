package dev.initlab.web;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.initlab.experiment.Experiment;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.RunStatus;

/** A line of the experiments list: the experiment, its runs by status, and each variant's best mean accuracy. */
public record ExperimentSummary(Experiment experiment, Map<RunStatus, Long> statusCounts, Map<String, Double> bestMeanAccuracy,
                         String description) {

    private static final java.time.format.DateTimeFormatter CREATED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    public String created() {
        return CREATED.format(experiment.getCreatedAt());
    }

    static ExperimentSummary of(ExperimentMetrics metrics) {
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        metrics.details().runs().forEach(run -> counts.merge(run.getStatus(), 1L, Long::sum));
        Map<String, Double> best = new LinkedHashMap<>();
        for (var variant : metrics.details().experiment().getVariants()) {
            best.put(variant.getName(), VariantCurves.bestMeanAccuracy(metrics, variant.getName()));
        }
        Experiment experiment = metrics.details().experiment();
        var recipe = experiment.getRecipe();
        String description = "%s at %d px, %d epochs, %d runs: %s".formatted(recipe.dataset(), recipe.imageSize(),
                recipe.epochs(), metrics.details().runs().size(),
                String.join(" vs ", experiment.getVariants().stream()
                        .map(variant -> variant.getName() + " (γ=" + variant.getBn2Gamma() + ")").toList()));
        return new ExperimentSummary(experiment, counts, best, description);
    }
}
