package dev.initlab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.stat.StatUtils;

/**
 * Where one variant against the baseline stands in a sequential experiment, from the pairs stored so far:
 * the safe paired t-test's e-value against its threshold K/α ({@link SafePairedTTest}), which keeps the
 * false-positive rate at most α however often the experiment looks; the anytime-valid confidence sequence
 * at level α/K; and the state. With K compared variants, E ≥ K/α splits α between them, so no Holm
 * correction is needed.
 *
 * <p>A state once reached stays: Ville's inequality bounds the chance that E <em>ever</em> reaches K/α, and
 * that the confidence sequence of any n misses the true difference, by α/K over all n at once. So the pairs,
 * in order of seed, are looked at after each number from 2 on, and the first that decides stands, even when
 * later pairs (queued for another variant) pull E back under the threshold.
 *
 * @param seeds    the seeds the experiment has, finished or not; the cap counts these, the test the pairs
 * @param settledAt the number of pairs at which the state was reached; null while continuing or at the cap
 * @param history  the e-value after each number of pairs from 2 on, pairs taken in order of seed
 */
public record SequentialState(String rule, double alpha, double g, int comparisons, double eValue, double threshold,
                              State state, Integer settledAt, Interval confidenceSequence, int pairs, int seeds,
                              int maxSeeds, List<Look> history, String sentence) {

    public enum State {
        /** E reached the threshold: one variant is ahead. */
        DECIDED("decided"),
        /** The whole confidence sequence lies within ± the smallest difference worth finding. */
        PRACTICALLY_EQUIVALENT("practically equivalent"),
        /** Neither yet, and the cap is not reached: more seeds follow. */
        CONTINUING("continuing"),
        /** Neither, with the experiment at its cap of seeds. */
        INCONCLUSIVE_AT_CAP("inconclusive at the cap");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** In the verdict's words, as the API and the page show it. */
        public String label() {
            return label;
        }

        public boolean isFinal() {
            return this != CONTINUING;
        }
    }

    public record Look(int pairs, double eValue) {
    }

    /** {@code variantA} against {@code variantB} at {@code epoch}, paired by seed. */
    static SequentialState of(RunTable table, String variantA, String variantB, int epoch, Settings settings,
                              int seeds) {
        return of(table.pairedAccuracyDifferences(variantA, variantB, epoch), variantA, variantB, settings, seeds);
    }

    /** The rule's numbers, as the experiment stores them, and how many variants share α. */
    public record Settings(String rule, double alpha, double g, int maxSeeds, int comparisons,
                           double smallestDifference) {
    }

    /** From the paired differences (A − B) of accuracy, in order of seed. */
    public static SequentialState of(double[] differences, String variantA, String variantB, Settings settings,
                                     int seeds) {
        int pairs = differences.length;
        double threshold = SafePairedTTest.threshold(settings.alpha(), settings.comparisons());
        double levelAlpha = settings.alpha() / settings.comparisons();
        List<Look> history = new ArrayList<>();
        Integer decidedAt = null;
        Integer equivalentAt = null;
        for (int n = 2; n <= pairs; n++) {
            double[] firstPairs = Arrays.copyOf(differences, n);
            double eAtN = SafePairedTTest.eValue(firstPairs, settings.g());
            history.add(new Look(n, eAtN));
            boolean unsettled = decidedAt == null && equivalentAt == null;
            if (unsettled && eAtN >= threshold) {
                decidedAt = n;
            } else if (unsettled && sequenceWithin(firstPairs, settings.g(), threshold, settings.smallestDifference())) {
                equivalentAt = n;
            }
        }
        double eValue = pairs < 2 ? 1 : history.get(history.size() - 1).eValue();
        Interval sequence = SafePairedTTest.confidenceSequence(differences, settings.g(), levelAlpha);
        State state = decidedAt != null ? State.DECIDED : equivalentAt != null ? State.PRACTICALLY_EQUIVALENT
                : seeds >= settings.maxSeeds() ? State.INCONCLUSIVE_AT_CAP : State.CONTINUING;
        Integer settledAt = decidedAt != null ? decidedAt : equivalentAt;
        String level = confidenceLevel(levelAlpha);
        String evidence = String.format(Locale.ROOT, "E = %s of the %s needed", number(eValue), number(threshold));
        String sentence = switch (state) {
            case DECIDED -> String.format(Locale.ROOT, "%s decided by the anytime-valid paired test after %d pairs "
                            + "(E = %s ≥ %s); %s confidence sequence %s", lead(variantA, variantB, differences),
                    decidedAt, number(history.get(decidedAt - 2).eValue()), number(threshold), level, range(sequence));
            case PRACTICALLY_EQUIVALENT -> String.format(Locale.ROOT, "%s and %s are practically equivalent after %d "
                            + "pairs: the %s confidence sequence lies within ±%s points (%s with all %d)", variantA,
                    variantB, equivalentAt, level, Verdict.points(settings.smallestDifference()), range(sequence),
                    pairs);
            case CONTINUING -> String.format(Locale.ROOT, "%s against %s undecided after %d pairs (%s): more seeds "
                    + "follow, up to %d", variantA, variantB, pairs, evidence, settings.maxSeeds());
            case INCONCLUSIVE_AT_CAP -> String.format(Locale.ROOT, "%s against %s inconclusive at the cap of %d "
                            + "seeds (%s); %s confidence sequence %s", variantA, variantB, settings.maxSeeds(),
                    evidence, level, range(sequence));
        };
        return new SequentialState(settings.rule(), settings.alpha(), settings.g(), settings.comparisons(), eValue,
                threshold, state, settledAt, sequence, pairs, seeds, settings.maxSeeds(), history, sentence);
    }

    /**
     * Whether the confidence sequence of these pairs lies within ±{@code bound}: in closed form, the mean ±
     * {@link SafePairedTTest#criticalT} standard errors, so that looking at every number of pairs solves nothing.
     */
    private static boolean sequenceWithin(double[] differences, double g, double threshold, double bound) {
        double critical = SafePairedTTest.criticalT(differences.length, g, threshold);
        if (Double.isInfinite(critical)) {
            return false;
        }
        double halfWidth = critical * Math.sqrt(StatUtils.variance(differences) / differences.length);
        return Math.abs(StatUtils.mean(differences)) + halfWidth <= bound;
    }

    /** Each of {@code others} against {@code baseline} at {@code epoch}; α is split between them. */
    public static List<SequentialState> againstBaseline(List<RunSeries> runs, String baseline, List<String> others,
                                                        int epoch, Settings settings, int seeds) {
        RunTable table = new RunTable(runs);
        return others.stream().map(other -> of(table, other, baseline, epoch, settings, seeds)).toList();
    }

    private static String lead(String variantA, String variantB, double[] differences) {
        double mean = Arrays.stream(differences).average().orElse(0);
        return (mean > 0 ? variantA : variantB) + " is ahead of " + (mean > 0 ? variantB : variantA) + ":";
    }

    /** The confidence sequence's level in words, as "anytime-valid 95 %" (α shared by the comparisons). */
    public String confidenceLevel() {
        return confidenceLevel(alpha / comparisons);
    }

    /** A sequence's level at {@code alpha} in words, as "anytime-valid 95 %" or "anytime-valid 97.5 %". */
    private static String confidenceLevel(double alpha) {
        return "anytime-valid " + String.format(Locale.ROOT, "%.1f", 100 * (1 - alpha)).replaceAll("\\.0$", "") + " %";
    }

    private static String number(double value) {
        return Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String range(Interval interval) {
        return Double.isInfinite(interval.low()) || Double.isInfinite(interval.high()) ? "unbounded yet"
                : Verdict.points(interval.low()) + " to " + Verdict.points(interval.high()) + " points";
    }
}
