package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from SciPy 1.10.1 (Debian bookworm's python3-scipy; its nct is Boost's), computed with
 * /usr/bin/python3, and one cross-check with mpmath 1.2.1 (python3-mpmath):
 *
 * <pre>
 * import scipy
 * from scipy import stats
 * print("scipy", scipy.__version__)
 * for nu, d, x in ((1, 0.0, 1.5), (1, 3.0, 2.0), (1, 40.0, 30.0), (1, 40.0, 300.0), (2, -5.0, -3.0),
 *                  (3, 12.0, 12.7), (9, 2.8, 2.25), (23, -38.0, -36.5), (49, 40.0, 41.0), (100, -1.3, 1.2),
 *                  (200, 35.0, 30.0), (5, 30.0, -1.0), (10, 4.0, 25.0), (30, 8.0, 1.0), (4, 3.0, 60.0)):
 *     print(nu, d, x, repr(stats.nct.cdf(x, nu, d)), repr(stats.nct.sf(x, nu, d)))
 * print(repr(stats.nct.sf(60, 20, 6)))
 * import mpmath as mp
 * mp.mp.dps = 40
 * density = lambda v: mp.exp(9 * mp.log(v) - v / 2 - 10 * mp.log(2) - mp.loggamma(10))   # chi-square, 20 df
 * print(mp.__version__, mp.nstr(mp.quad(lambda v: mp.ncdf(6 - 60 * mp.sqrt(v / 20)) * density(v),
 *                                       [0, 5, 20, 40, 80, 250, mp.inf]), 20))
 * </pre>
 *
 * printed the rows of {@link #SCIPY} (ν, δ, x, cdf, sf), then 9.531063886527288e-16 and, from mpmath's
 * P(Z + 6 > 60·√(V/20)), 9.5310638865273092697e-16: SciPy's far tail is good to 14 digits.
 */
class NoncentralTTest {

    /** ν, δ, x, nct.cdf(x, ν, δ), nct.sf(x, ν, δ). */
    private static final double[][] SCIPY = {
            {1, 0.0, 1.5, 0.8128329581890011, 0.18716704181099886},
            {1, 3.0, 2.0, 0.17956249655224174, 0.8204375034477582},
            {1, 40.0, 30.0, 0.18266533485247136, 0.8173346651475286},
            {1, 40.0, 300.0, 0.8939303525432393, 0.10606964745676069},
            {2, -5.0, -3.0, 0.9068051296386148, 0.09319487036138523},
            {3, 12.0, 12.7, 0.44599734146473513, 0.5540026585352649},
            {9, 2.8, 2.25, 0.29290601855207693, 0.7070939814479231},
            {23, -38.0, -36.5, 0.6434996697865577, 0.3565003302134423},
            {49, 40.0, 41.0, 0.5677951084397954, 0.43220489156020464},
            {100, -1.3, 1.2, 0.9935790208287766, 0.006420979171223418},
            {200, 35.0, 30.0, 0.002853184611398165, 0.9971468153886018},
            {5, 30.0, -1.0, 0.0, 1.0},
            {10, 4.0, 25.0, 0.999998371885551, 1.6281144490210167e-06},
            {30, 8.0, 1.0, 1.8401193583956038e-12, 0.9999999999981599},
            {4, 3.0, 60.0, 0.9999788382751424, 2.116172485757591e-05},
    };

    @Test
    void cdfAndUpperTailMatchScipyNctToWellBelow1e9() {
        for (double[] row : SCIPY) {
            double nu = row[0];
            double delta = row[1];
            double x = row[2];
            assertThat(NoncentralT.cdf(x, nu, delta)).as("cdf(%s; ν = %s, δ = %s)", x, nu, delta)
                    .isCloseTo(row[3], within(1e-12));
            assertThat(NoncentralT.upperTail(x, nu, delta)).as("upperTail(%s; ν = %s, δ = %s)", x, nu, delta)
                    .isCloseTo(row[4], within(1e-12));
        }
    }

    @Test
    void smallTailsOnTheSideOfOneSignedTermsAreRelativelyAccurate() {
        assertRelative(NoncentralT.cdf(30, 200, 35), 0.002853184611398165);
        assertRelative(NoncentralT.upperTail(25, 10, 4), 1.6281144490210167e-06);
        assertRelative(NoncentralT.cdf(1, 30, 8), 1.8401193583956038e-12);
        // 1 − cdf would be off by some 5 % here
        assertRelative(NoncentralT.upperTail(60, 20, 6), 9.531063886527288e-16);
    }

    @Test
    void infiniteArgumentsGiveTheLimits() {
        assertThat(NoncentralT.cdf(Double.POSITIVE_INFINITY, 3, 2)).isEqualTo(1.0);
        assertThat(NoncentralT.cdf(Double.NEGATIVE_INFINITY, 3, 2)).isEqualTo(0.0);
        assertThat(NoncentralT.upperTail(Double.NEGATIVE_INFINITY, 3, 2)).isEqualTo(1.0);
    }

    @Test
    void aTinyPositiveTIsTheSameAsZero() {
        // scipy.stats.norm.cdf(-2.3) = 0.010724110021675809 (nct.cdf(8e-155, 1, 2.3) = 0.010724110021675818);
        // with x = t² / (ν + t²) subnormal, t = 8e-155 made the sums NaN
        assertThat(NoncentralT.cdf(8e-155, 1, 2.3)).isCloseTo(0.010724110021675809, within(1e-15));
        assertThat(NoncentralT.cdf(1.2e-154, 1, 2.3)).isCloseTo(0.010724110021675809, within(1e-15));
    }

    @Test
    void rejectsParametersOutsideTheDistribution() {
        assertThatIllegalArgumentException().isThrownBy(() -> NoncentralT.cdf(1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> NoncentralT.cdf(1, Double.POSITIVE_INFINITY, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> NoncentralT.cdf(1, 3, Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> NoncentralT.upperTail(Double.NaN, 3, 1));
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-9 * expected));
    }
}
