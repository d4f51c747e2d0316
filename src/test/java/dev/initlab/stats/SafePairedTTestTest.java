package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from SciPy 1.10.1 / NumPy 1.24.2 with /usr/bin/python3. They do not use the closed form:
 * E is the Bayes factor of δ ~ N(0, g) against δ = 0, i.e. the density of t when t is noncentral t with
 * noncentrality δ√n, δ ~ N(0, g), over its central t density, integrated numerically:
 *
 * <pre>
 * import numpy as np, scipy
 * from scipy import stats, integrate, optimize
 * def bayes(d, g, mu):
 *     d = np.asarray(d) - mu; n = len(d); nu = n - 1
 *     t = stats.ttest_1samp(d, 0.0).statistic
 *     num = integrate.quad(lambda delta: stats.nct.pdf(t, nu, delta*np.sqrt(n)) * stats.norm.pdf(delta, 0, np.sqrt(g)),
 *                          -10*np.sqrt(g), 10*np.sqrt(g), epsabs=0, epsrel=1e-12, limit=200)[0]
 *     return num / stats.t.pdf(t, nu)
 * def cs(d, g, alpha):
 *     d = np.asarray(d); m = d.mean(); se = d.std(ddof=1) / np.sqrt(len(d))
 *     f = lambda mu: np.log(bayes(d, g, mu)) + np.log(alpha)
 *     return optimize.brentq(f, m - 20*se, m, xtol=1e-15, rtol=1e-15), optimize.brentq(f, m, m + 20*se, xtol=1e-15, rtol=1e-15)
 * A = np.array([0.054, -0.028, 0.074, 0.039, 0.066])
 * B = np.array([0.012, 0.031, -0.007, 0.024, 0.018, 0.041, 0.009, 0.027])
 * print(repr(bayes(A, 1.0, 0.0)), repr(bayes(B, 1.0, 0.0)), repr(bayes(B, 0.5, 0.01)), *map(repr, cs(B, 1.0, 0.05)))
 * </pre>
 *
 * printed 1.9527636958467294 11.494618559791009 1.4176208353917135 -0.0029304399303316385 0.04168043993033164.
 */
class SafePairedTTestTest {

    static final double[] A = {0.054, -0.028, 0.074, 0.039, 0.066};
    static final double[] B = {0.012, 0.031, -0.007, 0.024, 0.018, 0.041, 0.009, 0.027};

    @Test
    void eValueIsTheClosedForm() {
        for (double[] differences : new double[][] {A, B, {0.3, -0.1}, {-0.02, -0.05, -0.01, -0.04}}) {
            for (double g : new double[] {0.25, 1, 4}) {
                for (double mu : new double[] {0, 0.01, -0.03}) {
                    double expected = closedForm(differences, mu, g);

                    assertThat(SafePairedTTest.eValue(differences, mu, g)).isCloseTo(expected, within(1e-12 * expected));
                    assertThat(SafePairedTTest.eValueForT(t(differences, mu), differences.length, g))
                            .isCloseTo(expected, within(1e-12 * expected));
                }
            }
        }
        assertThat(SafePairedTTest.eValue(B, 1)).isEqualTo(SafePairedTTest.eValue(B, 0, 1));
    }

    @Test
    void eValueMatchesTheBayesFactorIntegratedWithScipy() {
        assertRelative(SafePairedTTest.eValue(A, 1), 1.9527636958467294, 1e-12);
        assertRelative(SafePairedTTest.eValue(B, 1), 11.494618559791009, 1e-12);
        assertRelative(SafePairedTTest.eValue(B, 0.01, 0.5), 1.4176208353917135, 1e-12);
    }

    @Test
    void eValueAgainstAMeanIsTheTestOfTheDifferencesMinusIt() {
        double[] shifted = new double[B.length];
        for (int i = 0; i < B.length; i++) {
            shifted[i] = B[i] - 0.01;
        }

        assertRelative(SafePairedTTest.eValue(B, 0.01, 2), SafePairedTTest.eValue(shifted, 2), 1e-12);
    }

    @Test
    void confidenceSequenceEndsAreWhereEReachesOneOverAlpha() {
        Interval sequence = SafePairedTTest.confidenceSequence(B, 1, 0.05);

        assertRelative(SafePairedTTest.eValue(B, sequence.low(), 1), 20, 1e-9);
        assertRelative(SafePairedTTest.eValue(B, sequence.high(), 1), 20, 1e-9);
        assertThat(mean(B)).isStrictlyBetween(sequence.low(), sequence.high());
        double width = sequence.high() - sequence.low();
        assertThat(sequence.low()).isCloseTo(-0.0029304399303316385, within(1e-9 * width));
        assertThat(sequence.high()).isCloseTo(0.04168043993033164, within(1e-9 * width));
    }

    @Test
    void confidenceSequenceEndsMatchTheClosedFormInverse() {
        for (double[] differences : new double[][] {A, B}) {
            for (double g : new double[] {0.5, 1, 2}) {
                for (double alpha : new double[] {0.05, 0.05 / 3}) {
                    int n = differences.length;
                    double nu = n - 1;
                    double spread = 1 + n * g;
                    if (Math.pow(spread, nu / 2) <= 1 / alpha) {
                        continue; // unbounded; see fewPairsGiveAnUnboundedSequence
                    }
                    // E = 1/α  ⇔  (1 + x) / (1 + x / spread) = r  with  x = t²/ν,  r = (√spread / α)^(2/(ν+1))
                    double r = Math.pow(Math.sqrt(spread) / alpha, 2 / (nu + 1));
                    double halfWidth = Math.sqrt(nu * (r - 1) / (1 - r / spread)) * standardError(differences);
                    Interval sequence = SafePairedTTest.confidenceSequence(differences, g, alpha);

                    assertThat(sequence.low()).isCloseTo(mean(differences) - halfWidth, within(1e-9 * halfWidth));
                    assertThat(sequence.high()).isCloseTo(mean(differences) + halfWidth, within(1e-9 * halfWidth));
                }
            }
        }
    }

    @Test
    void criticalTIsWhereEReachesTheThreshold() {
        for (int pairs : new int[] {5, 8, 30}) {
            for (double g : new double[] {0.5, 1, 2}) {
                for (double threshold : new double[] {20, 60}) {
                    double t = SafePairedTTest.criticalT(pairs, g, threshold);
                    if (Double.isInfinite(t)) {
                        assertThat(Math.pow(1 + pairs * g, (pairs - 1) / 2.0)).isLessThanOrEqualTo(threshold);
                        continue;
                    }
                    assertRelative(SafePairedTTest.eValueForT(t, pairs, g), threshold, 1e-12);
                    assertRelative(SafePairedTTest.eValueForT(-t, pairs, g), threshold, 1e-12);
                }
            }
        }
    }

    @Test
    void criticalTIsTheConfidenceSequenceHalfWidthInStandardErrors() {
        double halfWidth = (SafePairedTTest.confidenceSequence(B, 1, 0.05).high()
                - SafePairedTTest.confidenceSequence(B, 1, 0.05).low()) / 2;

        assertRelative(halfWidth / standardError(B), SafePairedTTest.criticalT(B.length, 1, 20), 1e-9);
        assertThat(SafePairedTTest.criticalT(4, 1, 20)).as("5^(3/2) = 11.2 < 20").isInfinite();
        assertThat(SafePairedTTest.criticalT(1, 1, 20)).isInfinite();
    }

    @Test
    void moreComparisonsWidenTheSequenceToTheirThreshold() {
        double alpha = 0.05;
        Interval single = SafePairedTTest.confidenceSequence(B, 1, alpha);
        Interval ofThree = SafePairedTTest.confidenceSequence(B, 1, alpha / 3);

        assertThat(SafePairedTTest.threshold(alpha, 3)).isCloseTo(60, within(1e-12));
        assertRelative(SafePairedTTest.eValue(B, ofThree.high(), 1), SafePairedTTest.threshold(alpha, 3), 1e-9);
        assertThat(ofThree.low()).isLessThan(single.low());
        assertThat(ofThree.high()).isGreaterThan(single.high());
    }

    @Test
    void fewPairsGiveAnUnboundedSequence() {
        // with g = 1 and 4 pairs, E ≤ 5^(3/2) ≈ 11.2 < 20 whatever the data
        double[] four = {0.05, 0.06, 0.055, 0.052};
        Interval everything = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        assertThat(SafePairedTTest.eValueForT(Double.POSITIVE_INFINITY, 4, 1)).isCloseTo(Math.pow(5, 1.5), within(1e-12));
        assertThat(SafePairedTTest.eValue(four, 1)).isLessThan(Math.pow(5, 1.5));
        assertThat(SafePairedTTest.confidenceSequence(four, 1, 0.05)).isEqualTo(everything);
        assertThat(SafePairedTTest.confidenceSequence(new double[] {0.05}, 1, 0.05)).isEqualTo(everything);
        assertThat(SafePairedTTest.confidenceSequence(new double[0], 1, 0.05)).isEqualTo(everything);
    }

    @Test
    void fewerThanTwoPairsCarryNoEvidence() {
        assertThat(SafePairedTTest.eValue(new double[] {0.3}, 1)).isEqualTo(1);
        assertThat(SafePairedTTest.eValue(new double[0], 1)).isEqualTo(1);
        assertThat(SafePairedTTest.eValueForT(2.5, 1, 1)).isEqualTo(1);
    }

    @Test
    void equalDifferencesGiveTheLimitsOfE() {
        // 0.005 give or take rounding (0.0050000000000000044 and 0.005000000000000001), which must not count
        // as variation: against μ = 0.005 its t would be noise
        double[] equal = {0.7 - 0.695, 0.0125 - 0.0075, 0.31 - 0.305, 0.0125 - 0.0075, 0.9 - 0.895};
        double[] four = {0.005, 0.005, 0.005, 0.005};

        assertThat(SafePairedTTest.eValue(equal, 1)).isCloseTo(36, within(1e-12)); // (1 + 5)^(4/2)
        assertThat(SafePairedTTest.eValue(equal, 0.005, 1)).isCloseTo(1 / Math.sqrt(6), within(1e-12));
        Interval point = SafePairedTTest.confidenceSequence(equal, 1, 0.05);
        assertThat(point.low()).isEqualTo(point.high()).isCloseTo(0.005, within(1e-15));
        assertThat(SafePairedTTest.confidenceSequence(four, 1, 0.05))
                .isEqualTo(new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsInputsWithoutMeaning() {
        assertThatIllegalArgumentException().isThrownBy(() -> SafePairedTTest.eValue(B, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> SafePairedTTest.eValue(B, Double.NaN, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SafePairedTTest.eValue(new double[] {0.1, Double.NaN}, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SafePairedTTest.eValueForT(Double.NaN, 5, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SafePairedTTest.confidenceSequence(B, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SafePairedTTest.threshold(0.05, 0));
    }

    @Test
    void lookingAfterEveryPairKeepsTheSafeRuleBelowAlphaButNotTheNaiveOne() {
        // measured: safe 0.0222, naive 0.2824 (seeds 3..7: safe 0.0205..0.0240, naive 0.2938..0.2988)
        SequentialSimulation nullEffect = SequentialSimulation.run(1, 10_000, 30, 0, 1, 0.05);

        assertThat(nullEffect.anytimeDecisionRate()).as("safe rule's false-positive rate, %s", nullEffect)
                .isLessThan(0.05);
        assertThat(nullEffect.naiveDecisionRate()).as("naive rule's false-positive rate, %s", nullEffect)
                .isGreaterThan(0.10);
    }

    @Test
    void aOneSdEffectIsDecidedWellBeforeThirtyPairs() {
        // measured: 0.9853 decided, after 12.98 pairs on average (seeds 3..7: 0.9822..0.9855)
        SequentialSimulation oneSd = SequentialSimulation.run(2, 10_000, 30, 1, 1, 0.05);

        assertThat(oneSd.anytimeDecisionRate()).as("safe rule's decision rate, %s", oneSd).isGreaterThan(0.95);
        // no 4 pairs can reach E = 20 with g = 1 (see fewPairsGiveAnUnboundedSequence)
        assertThat(oneSd.meanPairsAtAnytimeDecision()).as("mean pairs at decision, %s", oneSd).isBetween(5.0, 20.0);
    }

    /** The brief's formula, written out apart from the class under test. */
    private static double closedForm(double[] differences, double mu, double g) {
        int n = differences.length;
        double nu = n - 1;
        double t = t(differences, mu);
        return Math.pow(1 + n * g, -0.5)
                * Math.pow((1 + t * t / nu) / (1 + t * t / (nu * (1 + n * g))), (nu + 1) / 2);
    }

    private static double t(double[] differences, double mu) {
        return (mean(differences) - mu) / standardError(differences);
    }

    private static double standardError(double[] values) {
        double mean = mean(values);
        double sumOfSquares = 0;
        for (double value : values) {
            sumOfSquares += (value - mean) * (value - mean);
        }
        return Math.sqrt(sumOfSquares / (values.length - 1) / values.length);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(actual).isCloseTo(expected, within(tolerance * Math.abs(expected)));
    }
}
