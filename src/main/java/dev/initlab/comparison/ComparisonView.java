package dev.initlab.comparison;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.Variant;
import dev.initlab.stats.Comparison;
import dev.initlab.stats.EpochComparison;
import dev.initlab.stats.EpochSummary;
import dev.initlab.stats.Interval;
import dev.initlab.stats.Metric;
import dev.initlab.stats.RunSeries;
import dev.initlab.stats.Summary;
import dev.initlab.stats.VariantSummary;

/**
 * What the seeds say: per variant and epoch, n, mean, standard deviation and 95 % CI of each
 * metric over the seeds that reached it; and each variant against the baseline (the first variant,
 * or {@code baseline}): Welch and paired tests (Holm-adjusted when there are several), crossover and a
 * verdict, one sentence per compared variant.
 */
public record ComparisonView(UUID experimentId, List<VariantCurve> variants, List<Pair> pairs, String verdict) {

    /**
     * One metric at one epoch over the seeds: absent numbers (one seed has no spread) are null. The CI is
     * mean ± {@code ciHalfWidth} (Student t), with its ends clipped to what the metric can reach
     * (accuracy 0–1, loss ≥ 0).
     */
    public record MetricSummary(int n, Double mean, Double standardDeviation, Double ciHalfWidth, Double ciLow,
                                Double ciHigh) {
        static MetricSummary of(Summary summary, Metric metric) {
            if (summary.ci95() == null) {
                return new MetricSummary(summary.n(), summary.mean(), summary.standardDeviation(), null, null, null);
            }
            Interval clipped = metric.clip(summary.ci95());
            return new MetricSummary(summary.n(), summary.mean(), summary.standardDeviation(),
                    (summary.ci95().high() - summary.ci95().low()) / 2, clipped.low(), clipped.high());
        }
    }

    public record EpochAggregate(int epoch, int n, MetricSummary accuracy, MetricSummary validLoss,
                                 MetricSummary trainLoss) {
        static EpochAggregate of(EpochSummary epoch) {
            return new EpochAggregate(epoch.epoch(), epoch.accuracy().n(),
                    MetricSummary.of(epoch.accuracy(), Metric.ACCURACY),
                    MetricSummary.of(epoch.validLoss(), Metric.VALID_LOSS),
                    MetricSummary.of(epoch.trainLoss(), Metric.TRAIN_LOSS));
        }
    }

    public record VariantCurve(String name, double bn2Gamma, List<EpochAggregate> epochs) {
    }

    /**
     * Variant A against variant B; differences are A − B, epochs 0-based. {@code epochs} holds the tests at
     * every epoch that runs of both have reached.
     */
    public record Pair(String variantA, String variantB, List<EpochComparison> epochs, Integer finalEpoch,
                       EpochComparison atFinalEpoch, EpochComparison atChosenEpoch, Integer crossoverEpoch,
                       String verdict) {
    }

    /** Every variant against {@code baseline}, with the tests at {@code atEpoch} too when it is not null. */
    public static ComparisonView of(ExperimentMetrics metrics, String baseline, Integer atEpoch) {
        List<Variant> variants = metrics.details().experiment().getVariants();
        List<RunSeries> series = ExperimentSeries.of(metrics);
        List<String> others = variants.stream().map(Variant::getName).filter(name -> !name.equals(baseline)).toList();
        List<Pair> pairs = Comparison.againstBaseline(series, baseline, others, atEpoch).stream()
                .map(comparison -> new Pair(comparison.variantA(), comparison.variantB(), comparison.epochs(),
                        comparison.finalEpoch(), comparison.atFinalEpoch(), comparison.atChosenEpoch(),
                        comparison.crossoverEpoch(), comparison.verdict()))
                .toList();
        Map<String, VariantSummary> byName = VariantSummary.ofAll(series).stream()
                .collect(Collectors.toMap(VariantSummary::variant, Function.identity()));
        List<VariantCurve> curves = variants.stream()
                .map(variant -> new VariantCurve(variant.getName(), variant.getBn2Gamma(),
                        byName.containsKey(variant.getName())
                                ? byName.get(variant.getName()).epochs().stream().map(EpochAggregate::of).toList()
                                : List.of()))
                .toList();
        String verdict = pairs.isEmpty() ? "one variant only: nothing to compare it with"
                : pairs.stream().map(Pair::verdict).collect(Collectors.joining("; "));
        return new ComparisonView(metrics.details().experiment().getId(), curves, pairs, verdict);
    }
}
