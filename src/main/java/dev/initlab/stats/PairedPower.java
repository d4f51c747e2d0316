package dev.initlab.stats;

import java.util.OptionalInt;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * How many seeds a comparison needs, or what it can see: the power of the two-sided paired t-test on
 * the per-seed differences (variant − baseline, as fractions: 0.012 is 1.2 points of accuracy). It is
 * exact, from the noncentral t, because the normal approximation flatters the few seeds a run affords.
 * The paired test is the one-sample t-test on the differences: {@link #power} is statsmodels'
 * {@code TTestPower().power(delta / sd, n, alpha)}, with an exact t quantile where SciPy 1.10's is off by
 * up to 1e-9.
 *
 * @param alpha       the test's two-sided significance level, in (0, 1)
 * @param targetPower the chance of a significant result that counts as enough, in (alpha, 1)
 */
public record PairedPower(double alpha, double targetPower) {

    /** α = 0.05 and power 0.80, the usual choice. */
    public static final PairedPower CONVENTIONAL = new PairedPower(0.05, 0.80);

    /** {@link #pairsNeeded} stops looking beyond this many pairs. */
    public static final int MAX_PAIRS = 100_000;

    private static final int MIN_PAIRS = 2;
    private static final double UPPER_LIMIT_CONFIDENCE = 0.80;
    // commons-math's default inverse accuracy is 1e-9 absolute; ask for more, as StudentT does
    private static final double INVERSE_ACCURACY = 1e-13;
    private static final double NONCENTRALITY_ACCURACY = 1e-12;
    private static final int MAX_SOLVER_EVALUATIONS = 200;
    private static final double CERTAIN_REJECTION_PER_CRITICAL = 80;

    public PairedPower {
        if (!(alpha > 0 && alpha < 1) || !(targetPower > alpha && targetPower < 1)) {
            throw new IllegalArgumentException("need 0 < alpha < targetPower < 1, got alpha = " + alpha
                    + ", targetPower = " + targetPower);
        }
    }

    /** The sample sd (n − 1) of the per-seed differences: the sd the power calculations take as true. */
    public static double sdDifference(double[] differences) {
        if (differences.length < MIN_PAIRS) {
            throw new IllegalArgumentException("an sd needs at least 2 pairs, got " + differences.length);
        }
        Samples.requireFinite(differences);
        return Math.sqrt(StatUtils.variance(differences));
    }

    /**
     * The one-sided 80 % upper confidence limit of the sd, sd·√((n − 1) / χ²₀.₂₀,ₙ₋₁) with χ²₀.₂₀ the
     * 0.20 quantile. With a handful of pairs the sample sd comes out below the true one more often than not
     * (68 % of the time with two pairs), and planning with a low sd promises power that is not there; this
     * limit is too low only one time in five.
     */
    public static double sdDifferenceUpper(double sd, int pairs) {
        requirePairs(pairs);
        if (!(sd >= 0 && sd < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sd must be finite and >= 0, got " + sd);
        }
        double chiSquareQuantile = new ChiSquaredDistribution(null, pairs - 1, INVERSE_ACCURACY)
                .inverseCumulativeProbability(1 - UPPER_LIMIT_CONFIDENCE);
        return sd * Math.sqrt((pairs - 1) / chiSquareQuantile);
    }

    /**
     * The chance that the test with {@code pairs} pairs rejects "no difference" when the true mean
     * difference is {@code delta} and the differences' sd is {@code sd}: P(T′ > c) + P(T′ < −c) with
     * c = t_{1−α/2, n−1} and T′ noncentral t with n − 1 df and noncentrality delta·√n / sd.
     */
    public double power(double delta, double sd, int pairs) {
        requirePairs(pairs);
        requireSd(sd);
        if (!Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite, got " + delta);
        }
        int df = pairs - 1;
        return powerAtNoncentrality(delta * Math.sqrt(pairs) / sd, df, StudentT.twoSidedCritical(df, alpha));
    }

    /** The smallest true mean difference (> 0) that {@code pairs} pairs detect with {@code targetPower}. */
    public double minimumDetectableDifference(double sd, int pairs) {
        requirePairs(pairs);
        requireSd(sd);
        int df = pairs - 1;
        double critical = StudentT.twoSidedCritical(df, alpha);
        // power rises with the noncentrality from alpha at 0, so a bracket by doubling holds the one root
        UnivariateFunction shortfall =
                noncentrality -> powerAtNoncentrality(noncentrality, df, critical) - targetPower;
        double lower = 0;
        double upper = 1;
        while (shortfall.value(upper) < 0) {
            lower = upper;
            upper *= 2;
        }
        double noncentrality = new BrentSolver(NONCENTRALITY_ACCURACY)
                .solve(MAX_SOLVER_EVALUATIONS, shortfall, lower, upper);
        return noncentrality * sd / Math.sqrt(pairs);
    }

    /**
     * The fewest pairs (≥ 2) whose power against {@code delta} reaches {@code targetPower}; empty when
     * even {@link #MAX_PAIRS} do not: delta = 0 never does, and at α = 0.05 and power 0.80 neither does
     * |delta| / sd below about 0.0089.
     */
    public OptionalInt pairsNeeded(double delta, double sd) {
        if (reaches(delta, sd, MIN_PAIRS)) {
            return OptionalInt.of(MIN_PAIRS);
        }
        // power grows with the pairs: double until it reaches, then halve the gap
        int tooFew = MIN_PAIRS;
        int enough = 2 * MIN_PAIRS;
        while (!reaches(delta, sd, enough)) {
            if (enough == MAX_PAIRS) {
                return OptionalInt.empty();
            }
            tooFew = enough;
            enough = Math.min(2 * enough, MAX_PAIRS);
        }
        while (enough - tooFew > 1) {
            int middle = (tooFew + enough) >>> 1;
            if (reaches(delta, sd, middle)) {
                enough = middle;
            } else {
                tooFew = middle;
            }
        }
        return OptionalInt.of(enough);
    }

    private boolean reaches(double delta, double sd, int pairs) {
        return power(delta, sd, pairs) >= targetPower;
    }

    /**
     * The sums in NoncentralT take some 14·|δ| terms, and an sd that is rounding noise (1e-17) would make
     * δ astronomical. Past 80·max(c, 1) the power is 1 in double precision: with T′ = (Z + δ) / S, the
     * test misses only if Z ≤ −δ/2 or S ≥ δ / (2c), each below 1e-345 there (Φ(−40); Chernoff's bound
     * P(χ²_ν ≥ 1600 ν) ≤ (1600 e^−1599)^(ν/2)).
     */
    private static double powerAtNoncentrality(double noncentrality, int df, double critical) {
        if (Math.abs(noncentrality) >= CERTAIN_REJECTION_PER_CRITICAL * Math.max(critical, 1)) {
            return 1;
        }
        return NoncentralT.upperTail(critical, df, noncentrality) + NoncentralT.cdf(-critical, df, noncentrality);
    }

    private static void requirePairs(int pairs) {
        if (pairs < MIN_PAIRS) {
            throw new IllegalArgumentException("the paired t-test needs at least 2 pairs, got " + pairs);
        }
    }

    private static void requireSd(double sd) {
        if (!(sd > 0 && sd < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sd must be finite and > 0, got " + sd);
        }
    }
}
