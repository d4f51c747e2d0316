package dev.initlab.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/**
 * The noncentral t distribution, which the power of a t-test needs and commons-math lacks.
 *
 * <p>For t ≥ 0, with x = t² / (ν + t²), y = 1 − x and λ = δ² / 2 (Guenther 1978; Lenth 1989, AS 243):
 * <pre>
 * P(T ≤ t) = Φ(−δ) + ½ Σ_{j≥0} [ p_j I_x(j + ½, ν/2) + sign(δ) q_j I_x(j + 1, ν/2) ]
 * P(T > t) =         ½ Σ_{j≥0} [ p_j I_y(ν/2, j + ½) + sign(δ) q_j I_y(ν/2, j + 1) ]
 * p_j = e^−λ λ^j / Γ(j + 1),   q_j = e^−λ λ^(j+½) / Γ(j + 3/2)
 * </pre>
 * AS 243 sums from j = 0, where e^−λ underflows once |δ| passes about 38; these sums start at the mode
 * of the Poisson weights and walk both ways (Benton and Krishnamoorthy 2003), so |δ| of 40 and more
 * stay accurate; the work grows with |δ|, to some 14·|δ| terms. Negative t reflects: T ≤ t ⇔ −T ≥ −t,
 * and −T is noncentral t with −δ.
 *
 * <p>The smaller tail is summed, the larger one is its complement. Against SciPy 1.10 (Boost), for ν in
 * [1, 200] and |δ| ≤ 40, the error is below 1e-13 absolute. When every term has one sign (t·δ ≥ 0) a
 * small tail is also relatively accurate, to about 1e-9 down to tails of 1e-15; far tails on the other
 * side (t far below a positive δ, say) are only as good as the absolute error.
 */
public final class NoncentralT {

    /** Weights relative to the mode's: past this they fall at least geometrically, so the rest is negligible. */
    private static final double NEGLIGIBLE_WEIGHT = 1e-20;
    private static final double SQRT2 = Math.sqrt(2);

    private NoncentralT() {
    }

    /** P(T ≤ t) for T noncentral t with {@code degreesOfFreedom} ν (finite, > 0) and {@code noncentrality} δ. */
    public static double cdf(double t, double degreesOfFreedom, double noncentrality) {
        requireParameters(t, degreesOfFreedom, noncentrality);
        return t < 0 ? tailsAtNonNegative(-t, degreesOfFreedom, -noncentrality).upper()
                : tailsAtNonNegative(t, degreesOfFreedom, noncentrality).lower();
    }

    /** P(T > t), without the cancellation of 1 − cdf when it is small. */
    public static double upperTail(double t, double degreesOfFreedom, double noncentrality) {
        requireParameters(t, degreesOfFreedom, noncentrality);
        return t < 0 ? tailsAtNonNegative(-t, degreesOfFreedom, -noncentrality).lower()
                : tailsAtNonNegative(t, degreesOfFreedom, noncentrality).upper();
    }

    private static void requireParameters(double t, double degreesOfFreedom, double noncentrality) {
        if (!(degreesOfFreedom > 0 && degreesOfFreedom < Double.POSITIVE_INFINITY) || !Double.isFinite(noncentrality)
                || Double.isNaN(t)) {
            throw new IllegalArgumentException("need a finite ν > 0, a finite δ and a number t, got ν = "
                    + degreesOfFreedom + ", δ = " + noncentrality + ", t = " + t);
        }
    }

    /** P(T ≤ t) and P(T > t). */
    private record Tails(double lower, double upper) {

        /** The tail whose sum is the smaller is taken as summed, the other as its complement. */
        static Tails fromSums(double lowerSum, double upperSum) {
            if (lowerSum <= upperSum) {
                double lower = clampToProbability(lowerSum);
                return new Tails(lower, 1 - lower);
            }
            double upper = clampToProbability(upperSum);
            return new Tails(1 - upper, upper);
        }

        /** Sums with terms of both signs (δ < 0) can end a rounding error outside [0, 1]. */
        private static double clampToProbability(double sum) {
            return Math.min(1, Math.max(0, sum));
        }
    }

    private static Tails tailsAtNonNegative(double t, double degreesOfFreedom, double noncentrality) {
        if (t == Double.POSITIVE_INFINITY) {
            return new Tails(1, 0);
        }
        // x = t² / (ν + t²) and y = 1 − x, each computed directly, so that neither loses digits near 0
        double x = 1 / (1 + degreesOfFreedom / t / t);
        double y = 1 / (1 + t / degreesOfFreedom * t);
        double belowZero = 0.5 * Erf.erfc(noncentrality / SQRT2);
        // below MIN_NORMAL the ladder's step a / (x (a − 1 + b)) can overflow and times a zero drop give NaN;
        // t is then below 1.5e-154·√ν, and P(T ≤ t) is P(T ≤ 0) to far better than double precision
        if (x < Double.MIN_NORMAL) {
            return Tails.fromSums(belowZero, 0.5 * Erf.erfc(-noncentrality / SQRT2));
        }
        double halfDf = degreesOfFreedom / 2;
        double lambda = noncentrality * noncentrality / 2;

        // p_j and q_j relative to their value at the mode, normalised at the end by their known totals
        // (Σ p_j = 1, Σ q_j = erf(√λ)): e^−λ λ^j / j! straight from logs loses ~λ·1e-16 for large λ
        long mode = (long) lambda;
        WeightedSums sums = new WeightedSums();
        double p = 1;
        double q = 1;
        BetaLadder withP = new BetaLadder(x, y, mode + 0.5, halfDf);
        BetaLadder withQ = new BetaLadder(x, y, mode + 1, halfDf);
        for (long j = mode; ; j++) {
            sums.add(p, withP, q, withQ);
            if (j > lambda && p < NEGLIGIBLE_WEIGHT && q < NEGLIGIBLE_WEIGHT) {
                break;
            }
            p *= lambda / (j + 1);
            q *= lambda / (j + 1.5);
            withP.up();
            withQ.up();
        }
        if (mode > 0) {
            p = mode / lambda;
            q = (mode + 0.5) / lambda;
            withP = new BetaLadder(x, y, mode - 0.5, halfDf);
            withQ = new BetaLadder(x, y, mode, halfDf);
            for (long j = mode - 1; ; j--) {
                sums.add(p, withP, q, withQ);
                if (j == 0 || p < NEGLIGIBLE_WEIGHT && q < NEGLIGIBLE_WEIGHT) {
                    break;
                }
                p *= j / lambda;
                q *= (j + 0.5) / lambda;
                withP.down();
                withQ.down();
            }
        }
        double signedQTotal = Math.signum(noncentrality) * Erf.erf(Math.sqrt(lambda));
        return Tails.fromSums(
                belowZero + 0.5 * (sums.pLower / sums.p + signedQTotal * sums.qLower / sums.q),
                0.5 * (sums.pUpper / sums.p + signedQTotal * sums.qUpper / sums.q));
    }

    /** Σ p_j, Σ q_j and the two tails' Σ p_j I(…), Σ q_j I(…), with the unnormalised weights. */
    private static final class WeightedSums {

        private double p;
        private double q;
        private double pLower;
        private double pUpper;
        private double qLower;
        private double qUpper;

        void add(double pWeight, BetaLadder withP, double qWeight, BetaLadder withQ) {
            p += pWeight;
            q += qWeight;
            pLower += pWeight * withP.lower;
            pUpper += pWeight * withP.upper;
            qLower += qWeight * withQ.lower;
            qUpper += qWeight * withQ.upper;
        }
    }

    /**
     * I_x(a, b) and I_y(b, a) = 1 − I_x(a, b) for a = a₀, a₀ ± 1, …: one incomplete beta from commons-math,
     * then the recurrence I_x(a + 1, b) = I_x(a, b) − x^a y^b / (a B(a, b)), hundreds of times cheaper.
     */
    private static final class BetaLadder {

        private final double x;
        private final double b;
        private double a;
        private double lower;
        private double upper;
        /** I_x(a, b) − I_x(a + 1, b). */
        private double drop;

        BetaLadder(double x, double y, double a, double b) {
            this.x = x;
            this.a = a;
            this.b = b;
            // evaluate the side commons-math evaluates directly: it would form 1 − x itself for the other
            if (x > (a + 1) / (a + b + 2)) {
                upper = Beta.regularizedBeta(y, b, a);
                lower = 1 - upper;
            } else {
                lower = Beta.regularizedBeta(x, a, b);
                upper = 1 - lower;
            }
            drop = Math.exp(a * Math.log(x) + b * Math.log(y) - Math.log(a) - Beta.logBeta(a, b));
        }

        void up() {
            lower -= drop;
            upper += drop;
            drop *= x * (a + b) / (a + 1);
            a += 1;
        }

        void down() {
            drop *= a / (x * (a - 1 + b));
            a -= 1;
            lower += drop;
            upper -= drop;
        }
    }
}
