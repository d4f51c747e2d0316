package dev.initlab.stats;

import java.util.Locale;

/**
 * One sentence on accuracy at one epoch. Epochs are numbered from 0 everywhere, as fastai prints them; the
 * sentence names both counts, "after 5 epochs (epoch 4)", because {@code fit_one_cycle(5)} ends at epoch 4.
 */
public final class Verdict {

    /** Matches the 95 % confidence intervals reported alongside. */
    private static final double ALPHA = 0.05;

    private Verdict() {
    }

    /**
     * Uses the paired test when there are at least 2 pairs, else Welch's when both variants have at
     * least 2 seeds. {@code epoch} is 0-based.
     */
    public static String sentence(String variantA, String variantB, int epoch, MetricComparison accuracy) {
        String when = after(epoch);
        PairedTest paired = accuracy.paired();
        WelchTest welch = accuracy.welch();
        if (paired.pairs() >= 2) {
            String seeds = paired.pairs() + " paired seeds";
            return switch (paired.status()) {
                case TESTABLE -> tested(variantA, variantB, when, paired.meanDifference(), paired.ci95(),
                        accuracy.holm() == null ? paired.p() : accuracy.holm().pairedP(), holmNote(accuracy, variantB),
                        seeds);
                case NO_VARIATION -> untestableConstant(variantA, variantB, when, paired.meanDifference(),
                        "the difference was the same on all " + seeds);
                case TOO_FEW_SEEDS -> throw new IllegalStateException("paired test with " + paired.pairs() + " pairs");
            };
        }
        if (welch.nA() >= 2 && welch.nB() >= 2) {
            String seeds = welch.nA() + " and " + welch.nB() + " unpaired seeds";
            return switch (welch.status()) {
                case TESTABLE -> tested(variantA, variantB, when, welch.meanDifference(), welch.ci95(),
                        accuracy.holm() == null ? welch.p() : accuracy.holm().welchP(), holmNote(accuracy, variantB),
                        seeds);
                case NO_VARIATION -> untestableConstant(variantA, variantB, when, welch.meanDifference(),
                        "accuracy was the same on every seed of each variant (" + seeds + ")");
                case TOO_FEW_SEEDS -> throw new IllegalStateException("Welch test with " + seeds);
            };
        }
        if (welch.nA() == 0 && welch.nB() == 0) {
            return "no runs of " + variantA + " or " + variantB + " have reached epoch " + epoch + " yet";
        }
        if (welch.nA() == 0 || welch.nB() == 0) {
            return "no run of " + (welch.nA() == 0 ? variantA : variantB) + " has reached epoch " + epoch + " yet";
        }
        return lead(variantA, variantB, welch.meanDifference()) + " " + when
                + ", but no test is possible with one seed: run more seeds";
    }

    /** "after 5 epochs (epoch 4)" for the 0-based epoch 4. */
    static String after(int epoch) {
        return "after " + (epoch + 1) + (epoch == 0 ? " epoch" : " epochs") + " (epoch " + epoch + ")";
    }

    private static String holmNote(MetricComparison accuracy, String baseline) {
        return accuracy.holm() == null ? ""
                : " (Holm-adjusted over " + accuracy.holm().comparisons() + " comparisons with " + baseline + ")";
    }

    private static String tested(String variantA, String variantB, String when, double difference, Interval ci,
                                 double p, String pNote, String seeds) {
        if (p >= ALPHA) {
            return "no detectable difference " + when + ": " + formatP(p) + pNote + " over " + seeds + "; run more seeds";
        }
        // report the leader's margin, so the interval flips with the sign
        Interval margin = difference > 0 ? ci : new Interval(-ci.high(), -ci.low());
        return lead(variantA, variantB, difference) + " (95 % CI " + points(margin.low()) + " to "
                + points(margin.high()) + ") " + when + " over " + seeds + ", " + formatP(p) + pNote;
    }

    private static String untestableConstant(String variantA, String variantB, String when, double difference,
                                             String why) {
        return lead(variantA, variantB, difference) + " " + when + ", but no p-value: " + why;
    }

    private static String lead(String variantA, String variantB, double difference) {
        if (difference == 0) {
            return "equal accuracy";
        }
        return (difference > 0 ? variantA : variantB) + " ahead by " + points(Math.abs(difference)) + " points";
    }

    /** Accuracy in [0, 1] as percentage points with one decimal. */
    static String points(double accuracy) {
        return String.format(Locale.ROOT, "%.1f", accuracy * 100);
    }

    /** "p = " with two significant digits, or "p < 0.001". */
    static String formatP(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        // %g stays in plain decimal notation down to 1e-4, and keeps trailing zeros ("0.50")
        return "p = " + String.format(Locale.ROOT, "%.2g", p);
    }
}
