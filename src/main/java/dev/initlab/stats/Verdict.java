package dev.initlab.stats;

import java.util.Locale;

/**
 * One sentence on accuracy at one epoch. The epoch is shown 1-based: the epoch stored as 4 is the one
 * fastai users call "after 5 epochs" ({@code fit_one_cycle(5)} ends there).
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
        int shown = epoch + 1;
        PairedTest paired = accuracy.paired();
        WelchTest welch = accuracy.welch();
        if (paired.pairs() >= 2) {
            String seeds = paired.pairs() + " paired seeds";
            return switch (paired.status()) {
                case TESTABLE -> tested(variantA, variantB, shown, paired.meanDifference(), paired.ci95(), paired.p(), seeds);
                case NO_VARIATION -> untestableConstant(variantA, variantB, shown, paired.meanDifference(),
                        "the difference was the same on all " + seeds);
                case TOO_FEW_SEEDS -> throw new IllegalStateException("paired test with " + paired.pairs() + " pairs");
            };
        }
        if (welch.nA() >= 2 && welch.nB() >= 2) {
            String seeds = welch.nA() + " and " + welch.nB() + " unpaired seeds";
            return switch (welch.status()) {
                case TESTABLE -> tested(variantA, variantB, shown, welch.meanDifference(), welch.ci95(), welch.p(), seeds);
                case NO_VARIATION -> untestableConstant(variantA, variantB, shown, welch.meanDifference(),
                        "accuracy was the same on every seed of each variant (" + seeds + ")");
                case TOO_FEW_SEEDS -> throw new IllegalStateException("Welch test with " + seeds);
            };
        }
        if (welch.nA() == 0 && welch.nB() == 0) {
            return "no runs of " + variantA + " or " + variantB + " have reached epoch " + shown;
        }
        if (welch.nA() == 0 || welch.nB() == 0) {
            return "no run of " + (welch.nA() == 0 ? variantA : variantB) + " has reached epoch " + shown;
        }
        return lead(variantA, variantB, welch.meanDifference()) + " at epoch " + shown
                + ", but no test is possible with one seed: run more seeds";
    }

    private static String tested(String variantA, String variantB, int shown, double difference, Interval ci,
                                 double p, String seeds) {
        if (p >= ALPHA) {
            return "no detectable difference at epoch " + shown + " (" + formatP(p) + ", " + seeds + "): run more seeds";
        }
        // report the leader's margin, so the interval flips with the sign
        Interval margin = difference > 0 ? ci : new Interval(-ci.high(), -ci.low());
        return lead(variantA, variantB, difference) + " (95 % CI " + points(margin.low()) + " to "
                + points(margin.high()) + ") at epoch " + shown + " over " + seeds + ", " + formatP(p);
    }

    private static String untestableConstant(String variantA, String variantB, int shown, double difference,
                                             String why) {
        return lead(variantA, variantB, difference) + " at epoch " + shown + ", but no p-value: " + why;
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
