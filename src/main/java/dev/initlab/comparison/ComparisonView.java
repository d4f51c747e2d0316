package dev.initlab.comparison;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.initlab.experiment.Analysis;
import dev.initlab.experiment.Experiment;
import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.Run;
import dev.initlab.experiment.Stopping;
import dev.initlab.experiment.Variant;
import dev.initlab.stats.Comparison;
import dev.initlab.stats.EpochComparison;
import dev.initlab.stats.EpochSummary;
import dev.initlab.stats.Interval;
import dev.initlab.stats.Metric;
import dev.initlab.stats.RunSeries;
import dev.initlab.stats.SeedPower;
import dev.initlab.stats.SequentialState;
import dev.initlab.stats.Summary;
import dev.initlab.stats.VariantSummary;

/**
 * What the seeds say: per variant and epoch, n, mean, standard deviation and 95 % CI of each
 * metric over the seeds that reached it; and each variant against the baseline (the first variant,
 * or {@code baseline}): Welch and paired tests (Holm-adjusted when there are several), crossover and a
 * verdict, one sentence per compared variant.
 */
public record ComparisonView(UUID experimentId, int primaryEpoch, List<VariantCurve> variants, List<Pair> pairs,
                             String verdict) {

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
     * every epoch that runs of both have reached; {@code power}, what their paired seeds resolve at the
     * primary epoch.
     */
    public record Pair(String variantA, String variantB, List<EpochComparison> epochs, Integer finalEpoch,
                       EpochComparison atFinalEpoch, EpochComparison atChosenEpoch, Integer crossoverEpoch,
                       String verdict, SeedPower power, Sequential sequential) {
    }

    /**
     * A sequential experiment's standing for one compared variant ({@link SequentialState}); the confidence
     * sequence's ends are null while it is unbounded (before the test can decide anything).
     */
    public record Sequential(String rule, double alpha, double g, int comparisons, double eValue, double threshold,
                             String state, Integer settledAt, Bounds confidenceSequence, String level, int pairs,
                             int seeds, int maxSeeds, List<SequentialState.Look> history, String sentence) {

        public record Bounds(Double low, Double high) {
        }

        static Sequential of(SequentialState state) {
            Interval sequence = state.confidenceSequence();
            return new Sequential(state.rule(), state.alpha(), state.g(), state.comparisons(), state.eValue(),
                    state.threshold(), state.state().label(), state.settledAt(),
                    new Bounds(finite(sequence.low()), finite(sequence.high())),
                    state.confidenceLevel(), state.pairs(),
                    state.seeds(), state.maxSeeds(), state.history(), state.sentence());
        }

        private static Double finite(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    /**
     * A sequential experiment's standing at the primary epoch, each variant against the first, as its rule
     * decides it; empty for the fixed design.
     */
    public static List<SequentialState> sequentialStates(ExperimentMetrics metrics) {
        Experiment experiment = metrics.details().experiment();
        List<String> names = experiment.getVariants().stream().map(Variant::getName).toList();
        return sequentialStates(metrics, ExperimentSeries.of(metrics), names.get(0), names.subList(1, names.size()),
                experiment.getAnalysis().primaryEpochOf(experiment.getRecipe().epochs()));
    }

    private static List<SequentialState> sequentialStates(ExperimentMetrics metrics, List<RunSeries> series,
                                                          String baseline, List<String> others, int primaryEpoch) {
        Experiment experiment = metrics.details().experiment();
        Stopping stopping = experiment.getAnalysis().stopping();
        if (stopping == null || others.isEmpty()) {
            return List.of();
        }
        int seeds = (int) metrics.details().runs().stream().map(Run::getSeed).distinct().count();
        SequentialState.Settings settings = new SequentialState.Settings(stopping.rule(), stopping.alpha(),
                stopping.g(), stopping.maxSeeds(), others.size(), experiment.getAnalysis().smallestDifference());
        return SequentialState.againstBaseline(series, baseline, others, primaryEpoch, settings, seeds);
    }

    /**
     * Every variant against {@code baseline}, with the tests at {@code atEpoch} too when it is not null, and
     * the power of each comparison at the experiment's primary epoch.
     */
    public static ComparisonView of(ExperimentMetrics metrics, String baseline, Integer atEpoch) {
        List<Variant> variants = metrics.details().experiment().getVariants();
        List<RunSeries> series = ExperimentSeries.of(metrics);
        List<String> others = variants.stream().map(Variant::getName).filter(name -> !name.equals(baseline)).toList();
        Experiment experiment = metrics.details().experiment();
        Analysis analysis = experiment.getAnalysis();
        int primaryEpoch = analysis.primaryEpochOf(experiment.getRecipe().epochs());
        List<SeedPower> power = SeedPower.againstBaseline(series, baseline, others, primaryEpoch,
                analysis.smallestDifference());
        // the rule decides each variant against the first: another baseline shows no sequential standing
        List<SequentialState> sequential = baseline.equals(variants.get(0).getName())
                ? sequentialStates(metrics, series, baseline, others, primaryEpoch) : List.of();
        List<Comparison> comparisons = Comparison.againstBaseline(series, baseline, others, atEpoch);
        List<Pair> pairs = IntStream.range(0, comparisons.size()).mapToObj(index -> {
            Comparison comparison = comparisons.get(index);
            return new Pair(comparison.variantA(), comparison.variantB(), comparison.epochs(),
                    comparison.finalEpoch(), comparison.atFinalEpoch(), comparison.atChosenEpoch(),
                    comparison.crossoverEpoch(), comparison.verdict(), power.get(index),
                    sequential.isEmpty() ? null : Sequential.of(sequential.get(index)));
        }).toList();
        Map<String, VariantSummary> byName = VariantSummary.ofAll(series).stream()
                .collect(Collectors.toMap(VariantSummary::variant, Function.identity()));
        List<VariantCurve> curves = variants.stream()
                .map(variant -> new VariantCurve(variant.getName(), variant.getBn2Gamma(),
                        byName.containsKey(variant.getName())
                                ? byName.get(variant.getName()).epochs().stream().map(EpochAggregate::of).toList()
                                : List.of()))
                .toList();
        String verdict = pairs.isEmpty() ? "one variant only: nothing to compare it with"
                : pairs.stream().map(pair -> pair.sequential() != null ? pair.sequential().sentence() : pair.verdict())
                .collect(Collectors.joining("; "));
        return new ComparisonView(experiment.getId(), primaryEpoch, curves, pairs, verdict);
    }
}
