package dev.initlab.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.initlab.experiment.Analysis;
import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.Recipe;
import dev.initlab.experiment.RunStatus;
import dev.initlab.experiment.Variant;

/** An experiment with its recipe, variants, seeds, runs and links. */
public record ExperimentView(
        UUID id,
        String name,
        Instant createdAt,
        Recipe recipe,
        Analysis analysis,
        List<VariantView> variants,
        List<Long> seeds,
        Map<RunStatus, Long> runCounts,
        List<RunView> runs,
        Map<String, String> links) {

    public record VariantView(String name, double bn2Gamma) {
    }

    static ExperimentView of(ExperimentDetails details) {
        var experiment = details.experiment();
        String self = "/api/experiments/" + experiment.getId();
        List<Long> seeds = details.runs().stream().map(run -> run.getSeed()).distinct().toList();
        Map<RunStatus, Long> counts = new java.util.EnumMap<>(RunStatus.class);
        for (RunStatus status : RunStatus.values()) {
            counts.put(status, details.runs().stream().filter(run -> run.getStatus() == status).count());
        }
        return new ExperimentView(experiment.getId(), experiment.getName(), experiment.getCreatedAt(),
                experiment.getRecipe(), experiment.getAnalysis(),
                experiment.getVariants().stream().map(ExperimentView::variantView).toList(),
                seeds, counts,
                details.runs().stream().map(RunView::of).toList(),
                Map.of("self", self,
                        "metrics", self + "/metrics",
                        "metricsCsv", self + "/metrics?format=csv",
                        "cancel", self + "/cancel",
                        "page", "/experiments/" + experiment.getId()));
    }

    private static VariantView variantView(Variant variant) {
        return new VariantView(variant.getName(), variant.getBn2Gamma());
    }
}
