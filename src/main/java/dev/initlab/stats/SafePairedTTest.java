package dev.initlab.stats;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The safe (anytime-valid) paired t-test of Grünwald, de Heide &amp; Koolen and Pérez-Ortiz et al. (R package
 * {@code safestats}), for deciding an experiment while it runs: after every few pairs of runs, compute the
 * e-value E of the paired differences and stop as soon as E ≥ {@link #threshold threshold(α, K)}. Unlike
 * "stop when p &lt; α", the chance of a false decision then stays ≤ α however often one looks and whenever
 * one stops.
 *
 * <p>With n pairs, ν = n − 1, t the ordinary paired t statistic and a normal prior of variance g on the
 * standardised effect δ = mean / sd,
 *
 * <pre>
 * E = (1 + n g)^(−1/2) · [ (1 + t²/ν) / (1 + t²/(ν (1 + n g))) ]^((ν + 1) / 2)
 * </pre>
 *
 * the Bayes factor of δ ~ N(0, g) against δ = 0, which depends on the data only through t. The choice of g
 * is the caller's: g = 1 is a standard-normal prior on the standardised effect. E never exceeds its limit
 * for |t| → ∞, (1 + n g)^(ν/2), so with few pairs no data can reach the threshold.
 *
 * <p>Fewer than two pairs carry no evidence: E = 1. When all differences are equal (to rounding, as in
 * {@link PairedTest}) t is taken as ±∞, or as 0 when they equal the hypothesised mean, so E is the limit of
 * that case rather than NaN.
 */
public final class SafePairedTTest {

    // the ends of a confidence sequence are found to about 1e-12 standard errors, E there to ~1e-12 relative
    private static final double END_RELATIVE_ACCURACY = 1e-15;
    private static final double END_ACCURACY_IN_STANDARD_ERRORS = 1e-12;
    private static final int END_MAX_EVALUATIONS = 200;

    private SafePairedTTest() {
    }

    /**
     * E ≥ this rejects: 1/α for one comparison, K/α when K variants are each compared with the same
     * baseline (a Bonferroni split of α, which stays anytime-valid).
     */
    public static double threshold(double alpha, int comparisons) {
        requireAlpha(alpha);
        if (comparisons < 1) {
            throw new IllegalArgumentException("comparisons must be at least 1, got " + comparisons);
        }
        return comparisons / alpha;
    }

    /** E against "the mean difference is 0". */
    public static double eValue(double[] differences, double g) {
        return eValue(differences, 0, g);
    }

    /** E against "the mean difference is {@code hypothesisedMean}": the test of the differences minus it. */
    public static double eValue(double[] differences, double hypothesisedMean, double g) {
        Samples.requireFinite(differences);
        Samples.requireFinite(new double[] {hypothesisedMean});
        requireG(g);
        if (differences.length < 2) {
            return 1;
        }
        return Math.exp(logEValue(t(differences, hypothesisedMean), differences.length, g));
    }

    /**
     * E from the paired t statistic of {@code pairs} pairs, for callers that keep t up to date themselves;
     * t may be ±∞ (all differences equal). Fewer than two pairs give E = 1.
     */
    public static double eValueForT(double t, int pairs, double g) {
        requireG(g);
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t must not be NaN");
        }
        return pairs < 2 ? 1 : Math.exp(logEValue(t, pairs, g));
    }

    /**
     * The |t| at which E reaches {@code threshold} with {@code pairs} pairs: E rises with |t|, so E ≥ threshold
     * exactly when |t| ≥ this. From the closed form, with s = 1 + n g and R = (threshold · √s)^(2/(ν+1)),
     * t² = ν (R − 1) / (1 − R / s). +∞ when even |t| → ∞ falls short (s^(ν/2) ≤ threshold), and for fewer
     * than two pairs.
     */
    public static double criticalT(int pairs, double g, double threshold) {
        requireG(g);
        if (!(threshold > 1) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the threshold must exceed 1 and be finite, got " + threshold);
        }
        if (pairs < 2 || logEValue(Double.POSITIVE_INFINITY, pairs, g) <= Math.log(threshold)) {
            return Double.POSITIVE_INFINITY;
        }
        double nu = pairs - 1;
        double spread = 1 + pairs * g;
        double ratio = Math.exp(2 / (nu + 1) * (Math.log(threshold) + 0.5 * Math.log(spread)));
        return Math.sqrt(nu * (ratio - 1) / (1 - ratio / spread));
    }

    /**
     * The anytime-valid confidence sequence at this n: every mean μ that the test of (differences − μ) does
     * not reject, i.e. whose E stays below 1/α. The chance that the interval of any look misses the true mean
     * is ≤ α, so the running intersection over the looks may be reported too. It is an interval around the
     * mean of the differences, whose ends have E = 1/α; for K comparisons pass α/K.
     *
     * <p>Unbounded, (−∞, ∞), when even |t| → ∞ cannot reach 1/α ((1 + n g)^(ν/2) ≤ 1/α), and always for fewer
     * than two pairs. When all differences are equal to d it is [d, d] if that limit exceeds 1/α, else
     * unbounded.
     */
    public static Interval confidenceSequence(double[] differences, double g, double alpha) {
        Samples.requireFinite(differences);
        requireG(g);
        requireAlpha(alpha);
        Interval everything = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        int pairs = differences.length;
        if (pairs < 2) {
            return everything;
        }
        double logThreshold = -Math.log(alpha);
        if (logEValue(Double.POSITIVE_INFINITY, pairs, g) <= logThreshold) {
            return everything;
        }
        double mean = StatUtils.mean(differences);
        if (allEqual(differences)) {
            return new Interval(mean, mean);
        }
        double standardError = Math.sqrt(StatUtils.variance(differences) / pairs);
        // log E reaches its limit exactly once ν/t² vanishes beside 1/(1 + n g), so the search below ends
        UnivariateFunction excess = mu -> logEValue(t(differences, mu), pairs, g) - logThreshold;
        return new Interval(end(excess, mean, -standardError), end(excess, mean, standardError));
    }

    /**
     * Where {@code excess} (negative at the mean, where E = (1 + n g)^(−1/2) &lt; 1, and positive far enough
     * out) crosses 0 on the side of {@code standardErrorStep}: steps out from the mean by one standard error,
     * doubling, until it is positive, then Brent's method within the last step.
     */
    private static double end(UnivariateFunction excess, double mean, double standardErrorStep) {
        double inner = mean;
        double step = standardErrorStep;
        while (excess.value(mean + step) < 0) {
            inner = mean + step;
            step *= 2;
        }
        double outer = mean + step;
        BrentSolver solver = new BrentSolver(END_RELATIVE_ACCURACY,
                END_ACCURACY_IN_STANDARD_ERRORS * Math.abs(standardErrorStep));
        return solver.solve(END_MAX_EVALUATIONS, excess, Math.min(inner, outer), Math.max(inner, outer));
    }

    /**
     * log E, written so that t = ±∞ gives the limit: the bracket's ratio minus 1 is
     * (n g / (1 + n g)) / (ν / t² + 1 / (1 + n g)).
     */
    private static double logEValue(double t, int pairs, double g) {
        double nu = pairs - 1;
        double spread = 1 + pairs * g;
        double ratioMinusOne = (pairs * g / spread) / (nu / (t * t) + 1 / spread);
        return -0.5 * Math.log(spread) + (nu + 1) / 2 * Math.log1p(ratioMinusOne);
    }

    private static double t(double[] differences, double hypothesisedMean) {
        double mean = StatUtils.mean(differences);
        if (allEqual(differences)) {
            double scale = Math.max(Math.abs(mean), Math.abs(hypothesisedMean));
            boolean atHypothesis = Samples.allEqual(new double[] {mean, hypothesisedMean}, scale);
            return atHypothesis ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean - hypothesisedMean);
        }
        return (mean - hypothesisedMean) / Math.sqrt(StatUtils.variance(differences) / differences.length);
    }

    private static boolean allEqual(double[] differences) {
        return Samples.allEqual(differences, Samples.largestMagnitude(differences));
    }

    private static void requireG(double g) {
        if (!(g > 0) || Double.isInfinite(g)) {
            throw new IllegalArgumentException("the prior variance g must be positive and finite, got " + g);
        }
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
    }
}
