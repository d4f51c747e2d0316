package dev.initlab.stats;

import org.apache.commons.math3.stat.StatUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Everything the API and the pages show about variant A against variant B. Epochs are 0-based.
 *
 * @param variants      per-epoch summaries of every variant in the input, in order of first appearance
 * @param epochs        the tests at every epoch that runs of both A and B have reached, in order
 * @param finalEpoch    the last of those epochs; null if there is none
 * @param atFinalEpoch  the tests at {@code finalEpoch}; null when it is
 * @param atChosenEpoch the tests at the epoch asked for; null when none was asked for
 * @param crossoverEpoch see {@link Crossover#find}, on mean accuracy over the epochs both reached; null if none
 * @param verdict       {@link Verdict#sentence} at the chosen epoch, else at the final one
 */
public record Comparison(String variantA, String variantB, List<VariantSummary> variants,
                         List<EpochComparison> epochs, Integer finalEpoch, EpochComparison atFinalEpoch, EpochComparison atChosenEpoch, Integer crossoverEpoch,
                         String verdict) {

    public static Comparison of(List<RunSeries> runs, String variantA, String variantB, Integer atEpoch) {
        Objects.requireNonNull(variantA, "variantA");
        Objects.requireNonNull(variantB, "variantB");
        if (variantA.equals(variantB)) {
            throw new IllegalArgumentException("cannot compare variant '" + variantA + "' with itself");
        }
        if (atEpoch != null && atEpoch < 0) {
            throw new IllegalArgumentException("epoch must be 0 or more, was " + atEpoch);
        }
        RunTable table = new RunTable(runs);
        List<VariantSummary> variants = VariantSummary.ofAll(table);
        SortedSet<Integer> common = table.commonEpochs(variantA, variantB);
        List<EpochComparison> epochs = common.stream()
                .map(epoch -> EpochComparison.of(table, variantA, variantB, epoch)).toList();
        Integer finalEpoch = common.isEmpty() ? null : common.last();
        EpochComparison atFinal = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        EpochComparison atChosen = atEpoch == null ? null : EpochComparison.of(table, variantA, variantB, atEpoch);
        EpochComparison verdictAt = atChosen != null ? atChosen : atFinal;
        String verdict = verdictAt == null
                ? "no epoch has been reached by runs of both " + variantA + " and " + variantB
                : Verdict.sentence(variantA, variantB, verdictAt.epoch(), verdictAt.accuracy());
        return new Comparison(variantA, variantB, variants, epochs, finalEpoch, atFinal, atChosen,
                crossover(table, variantA, variantB, common), verdict);
    }

    /**
     * Each of {@code others} against {@code baseline}. With two or more, every p-value is Holm-adjusted over
     * the family of comparisons on the same metric at the same epoch, and the verdicts say so.
     */
    public static List<Comparison> againstBaseline(List<RunSeries> runs, String baseline, List<String> others,
                                                   Integer atEpoch) {
        List<Comparison> raw = others.stream().map(other -> of(runs, other, baseline, atEpoch)).toList();
        if (raw.size() < 2) {
            return raw;
        }
        List<Comparison> adjusted = new ArrayList<>();
        for (int index = 0; index < raw.size(); index++) {
            Comparison own = raw.get(index);
            int member = index;
            UnaryOperator<EpochComparison> adjust = epoch -> epoch == null ? null : new EpochComparison(epoch.epoch(),
                    holm(raw, member, epoch, Metric.ACCURACY), holm(raw, member, epoch, Metric.VALID_LOSS),
                    holm(raw, member, epoch, Metric.TRAIN_LOSS));
            EpochComparison atFinal = adjust.apply(own.atFinalEpoch());
            EpochComparison atChosen = adjust.apply(own.atChosenEpoch());
            EpochComparison verdictAt = atChosen != null ? atChosen : atFinal;
            adjusted.add(new Comparison(own.variantA(), baseline, own.variants(),
                    own.epochs().stream().map(adjust).toList(), own.finalEpoch(), atFinal, atChosen,
                    own.crossoverEpoch(), verdictAt == null ? own.verdict()
                    : Verdict.sentence(own.variantA(), baseline, verdictAt.epoch(), verdictAt.accuracy())));
        }
        return adjusted;
    }

    private static MetricComparison holm(List<Comparison> family, int member, EpochComparison epoch, Metric metric) {
        Double[] welch = new Double[family.size()];
        Double[] paired = new Double[family.size()];
        for (int index = 0; index < family.size(); index++) {
            MetricComparison tests = family.get(index).testsAt(epoch.epoch(), metric);
            welch[index] = tests == null ? null : tests.welch().p();
            paired[index] = tests == null ? null : tests.paired().p();
        }
        MetricComparison own = epoch.on(metric);
        return new MetricComparison(own.welch(), own.paired(),
                new Holm(family.size(), Holm.adjusted(welch, member), Holm.adjusted(paired, member)));
    }

    private MetricComparison testsAt(int epoch, Metric metric) {
        if (atChosenEpoch != null && atChosenEpoch.epoch() == epoch) {
            return atChosenEpoch.on(metric);
        }
        return epochs.stream().filter(tested -> tested.epoch() == epoch).findFirst()
                .map(tested -> tested.on(metric)).orElse(null);
    }

    private static Integer crossover(RunTable table, String variantA, String variantB, SortedSet<Integer> epochs) {
        SortedMap<Integer, Double> differences = new TreeMap<>();
        for (int epoch : epochs) {
            double[] a = Samples.toArray(table.values(variantA, epoch, Metric.ACCURACY).values());
            double[] b = Samples.toArray(table.values(variantB, epoch, Metric.ACCURACY).values());
            if (a.length > 0 && b.length > 0) {
                differences.put(epoch, StatUtils.mean(a) - StatUtils.mean(b));
            }
        }
        return Crossover.find(differences).orElse(null);
    }
}
