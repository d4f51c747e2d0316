package dev.initlab.stats;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.initlab.stats.PairedPower.CONVENTIONAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from statsmodels 0.13.5, SciPy 1.10.1 and mpmath 1.2.1 (Debian bookworm's
 * python3-statsmodels, python3-scipy, python3-mpmath), computed with /usr/bin/python3:
 *
 * <pre>
 * import numpy as np, scipy, statsmodels, mpmath as mp
 * from scipy import stats, optimize
 * from statsmodels.stats.power import TTestPower
 * print("scipy", scipy.__version__, "statsmodels", statsmodels.__version__, "mpmath", mp.__version__)
 * mp.mp.dps = 40
 * tp = TTestPower()
 * def sm_power(effect, n, alpha=0.05):
 *     return tp.power(effect_size=effect, nobs=n, alpha=alpha, alternative='two-sided')
 * def exact_critical(df, alpha=0.05):  # t quantile 1 - alpha/2 from the incomplete beta at 40 digits
 *     upper = lambda t: mp.betainc(mp.mpf(df) / 2, mp.mpf(1) / 2, 0, df / (df + t * t),
 *                                  regularized=True) / 2
 *     return float(mp.findroot(lambda t: upper(t) - mp.mpf(alpha) / 2, 2.0))
 * def exact_power(effect, n, alpha=0.05):  # statsmodels' ttest_power with the exact critical value
 *     c, nc = exact_critical(n - 1, alpha), effect * np.sqrt(n)
 *     return stats.nct.sf(c, n - 1, nc) + stats.nct.cdf(-c, n - 1, nc)
 * for df in (1, 2, 4, 9, 23, 49):
 *     print("critical", df, "scipy", repr(stats.t.isf(0.025, df)), "exact", repr(exact_critical(df)))
 * for sd in (0.005, 0.01, 0.03):
 *     for delta in (0.005, 0.01, 0.02):
 *         for n in (2, 3, 5, 10, 24, 50):
 *             print("power", sd, delta, n, repr(sm_power(delta / sd, n)), repr(exact_power(delta / sd, n)))
 * print("power", 0.01, -0.01, 10, repr(sm_power(-0.01 / 0.01, 10)), repr(exact_power(-0.01 / 0.01, 10)))
 * print("power alpha 0.01", 0.01, 0.015, 10, repr(sm_power(1.5, 10, 0.01)), repr(exact_power(1.5, 10, 0.01)))
 * for n in (2, 3, 5, 10, 24, 50):
 *     solved = tp.solve_power(nobs=n, alpha=0.05, power=0.8, alternative='two-sided')
 *     exact = optimize.brentq(lambda e: exact_power(e, n) - 0.8, 0.1, 20, xtol=1e-15)
 *     print("mdd effect", n, "solve_power", repr(solved), "exact", repr(exact))
 * solved = tp.solve_power(nobs=10, alpha=0.01, power=0.9, alternative='two-sided')
 * exact = optimize.brentq(lambda e: exact_power(e, 10, 0.01) - 0.9, 0.1, 20, xtol=1e-15)
 * print("mdd effect alpha 0.01 power 0.9", 10, "solve_power", repr(solved), "exact", repr(exact))
 * def pairs_needed(effect, alpha=0.05, power=0.8):
 *     return next((n for n in range(2, 100001) if sm_power(effect, n, alpha) >= power), None)
 * for delta, sd in ((0.1, 0.005), (0.02, 0.005), (0.02, 0.01), (0.01, 0.01), (0.005, 0.01), (0.01, 0.03),
 *                   (0.005, 0.03), (0.001, 0.03), (0.0002, 0.03)):
 *     print("pairs needed", delta, sd, pairs_needed(delta / sd),
 *           "power at 100000", repr(sm_power(delta / sd, 100000)))
 * print("pairs needed alpha 0.01 power 0.9", 0.01, 0.01, pairs_needed(1.0, 0.01, 0.9))
 * for n in (2, 3, 5, 10, 24, 50):
 *     q = stats.chi2.ppf(0.2, n - 1)
 *     print("chi2.ppf(0.2, %d)" % (n - 1), repr(q),
 *           "upper limit of sd 0.01", repr(0.01 * np.sqrt((n - 1) / q)))
 * a = np.array([0.781, 0.769, 0.792, 0.774, 0.788])
 * b = np.array([0.727, 0.741, 0.718, 0.735, 0.722])
 * print("sd of a - b", repr((a - b).std(ddof=1)))
 * </pre>
 *
 * Its output is in the tables below (of the "critical" lines, the exact quantile) and quoted next to the
 * single cases. Two things in it set the tolerances:
 * <ul>
 * <li>SciPy 1.10's {@code t.isf} is off by up to 1.3e-9 relative ("critical": 2.0095752344892093 for
 * 49 df, where the quantile is 2.0095752371292397; at that value SciPy's own {@code t.cdf} gives
 * 0.9749999998553). statsmodels' power takes its critical value from there, so it is off by up to 1e-9;
 * "exact" is the same power (SciPy's nct) with the critical value from mpmath at 40 digits, and that is
 * what PairedPower matches to 1e-12.</li>
 * <li>{@code solve_power} stops at xtol = 1e-5 in the effect size (statsmodels' brentq_expanding
 * default); "exact" solves the exact power for 0.8 with xtol = 1e-15.</li>
 * </ul>
 */
class PairedPowerTest {

    /** sd, delta, n, statsmodels' TTestPower().power(delta / sd, n, 0.05), exact power. */
    private static final double[][] POWER = {
            {0.005, 0.005, 2, 0.09280915505447436, 0.09280915505633597},
            {0.005, 0.005, 3, 0.17925539376539415, 0.1792553937765517},
            {0.005, 0.005, 5, 0.4013899173717936, 0.40138991737179486},
            {0.005, 0.005, 10, 0.8030968566475511, 0.8030968566327218},
            {0.005, 0.005, 24, 0.9967937726662236, 0.9967937726662236},
            {0.005, 0.005, 50, 0.9999996612427129, 0.9999996612427079},
            {0.005, 0.01, 2, 0.1757074110942803, 0.17570741109776006},
            {0.005, 0.01, 3, 0.4707494312554772, 0.47074943127843466},
            {0.005, 0.01, 5, 0.9088848681009394, 0.9088848681009402},
            {0.005, 0.01, 10, 0.9998419874352311, 0.9998419874351885},
            {0.005, 0.01, 24, 0.9999999999999241, 0.9999999999999241},
            {0.005, 0.01, 50, 1.0, 1.0},
            {0.005, 0.02, 2, 0.3428357100586153, 0.3428357100650761},
            {0.005, 0.02, 3, 0.9084887436661601, 0.9084887436810315},
            {0.005, 0.02, 5, 0.9999904111115786, 0.9999904111115786},
            {0.005, 0.02, 10, 1.0, 1.0},
            {0.005, 0.02, 24, 1.0, 1.0},
            {0.005, 0.02, 50, 1.0, 1.0},
            {0.01, 0.005, 2, 0.061948606685886025, 0.061948606687133576},
            {0.01, 0.005, 3, 0.08410705589075784, 0.08410705589638937},
            {0.01, 0.005, 5, 0.14051668999029743, 0.140516689990298},
            {0.01, 0.005, 10, 0.2931756065300414, 0.2931756065140767},
            {0.01, 0.005, 24, 0.6503918341545439, 0.6503918341545412},
            {0.01, 0.005, 50, 0.9338975816020193, 0.9338975812613689},
            {0.01, 0.01, 2, 0.09280915505447436, 0.09280915505633597},
            {0.01, 0.01, 3, 0.17925539376539415, 0.1792553937765517},
            {0.01, 0.01, 5, 0.4013899173717936, 0.40138991737179486},
            {0.01, 0.01, 10, 0.8030968566475511, 0.8030968566327218},
            {0.01, 0.01, 24, 0.9967937726662236, 0.9967937726662236},
            {0.01, 0.01, 50, 0.9999996612427129, 0.9999996612427079},
            {0.01, 0.02, 2, 0.1757074110942803, 0.17570741109776006},
            {0.01, 0.02, 3, 0.4707494312554772, 0.47074943127843466},
            {0.01, 0.02, 5, 0.9088848681009394, 0.9088848681009402},
            {0.01, 0.02, 10, 0.9998419874352311, 0.9998419874351885},
            {0.01, 0.02, 24, 0.9999999999999241, 0.9999999999999241},
            {0.01, 0.02, 50, 1.0, 1.0},
            {0.03, 0.005, 2, 0.05137673757717614, 0.0513767375782124},
            {0.03, 0.005, 3, 0.053851546245822016, 0.05385154624955221},
            {0.03, 0.005, 5, 0.05989629317942517, 0.059896293179425436},
            {0.03, 0.005, 10, 0.07601846335363732, 0.07601846334730297},
            {0.03, 0.005, 24, 0.12261641965226319, 0.1226164196522618},
            {0.03, 0.005, 50, 0.211481230390271, 0.21148122965155225},
            {0.03, 0.01, 2, 0.055431268914505456, 0.055431268915622806},
            {0.03, 0.01, 3, 0.06531274696768871, 0.06531274697214699},
            {0.03, 0.01, 5, 0.08990173644424247, 0.08990173644424287},
            {0.03, 0.01, 10, 0.15688254893445855, 0.15688254892373749},
            {0.03, 0.01, 24, 0.34663322213603914, 0.3466332221360366},
            {0.03, 0.01, 50, 0.6370942707203522, 0.6370942697479286},
            {0.03, 0.02, 2, 0.07060747398271171, 0.07060747398413197},
            {0.03, 0.02, 3, 0.10978590978427465, 0.10978590979146673},
            {0.03, 0.02, 5, 0.21133448954603887, 0.21133448954603964},
            {0.03, 0.02, 10, 0.4692343078704915, 0.4692343078511548},
            {0.03, 0.02, 24, 0.8783857232590848, 0.8783857232590833},
            {0.03, 0.02, 50, 0.9960917596940567, 0.9960917596625751},
            {0.01, -0.01, 10, 0.8030968566475511, 0.8030968566327218},
    };

    /** df, the exact 0.975 quantile of t (mpmath; SciPy's is the middle number of each "critical" line). */
    private static final double[][] CRITICAL = {
            {1, 12.706204736174705},
            {2, 4.302652729749464},
            {4, 2.7764451051977943},
            {9, 2.2621571627982053},
            {23, 2.0686576104190486},
            {49, 2.0095752371292397},
    };

    /** n, solve_power's minimum detectable effect (delta / sd) at power 0.8, exact root. */
    private static final double[][] MINIMUM_DETECTABLE_EFFECT = {
            {2, 11.549889755210659, 11.549888435882378},
            {3, 3.264043553217225, 3.264043549699573},
            {5, 1.6819969613308459, 1.6819969659555547},
            {10, 0.9960019107432067, 0.9960013714554438},
            {24, 0.5971839032778866, 0.5971841002912126},
            {50, 0.40418299936005625, 0.40418300213604264},
    };

    @Test
    void powerMatchesStatsmodelsAndTheExactPower() {
        for (double[] row : POWER) {
            double sd = row[0];
            double delta = row[1];
            int n = (int) row[2];
            double power = CONVENTIONAL.power(delta, sd, n);
            assertThat(power).as("power(%s, %s, %s) against statsmodels", delta, sd, n)
                    .isCloseTo(row[3], within(2e-9));
            assertThat(power).as("power(%s, %s, %s) against the exact power", delta, sd, n)
                    .isCloseTo(row[4], within(1e-12));
        }
    }

    @Test
    void criticalValueIsTheExactQuantile() {
        for (double[] row : CRITICAL) {
            assertThat(StudentT.twoSidedCritical(row[0], 0.05)).as("df %s", row[0])
                    .isCloseTo(row[1], within(1e-13 * row[1]));
        }
    }

    @Test
    void minimumDetectableDifferenceMatchesSolvePowerAndTheExactRoot() {
        for (double[] row : MINIMUM_DETECTABLE_EFFECT) {
            int n = (int) row[0];
            for (double sd : new double[] {0.005, 0.03}) {
                double effect = CONVENTIONAL.minimumDetectableDifference(sd, n) / sd;
                assertThat(effect).as("n %s, sd %s against solve_power", n, sd).isCloseTo(row[1], within(1e-5));
                assertThat(effect).as("n %s, sd %s against the exact root", n, sd)
                        .isCloseTo(row[2], within(1e-10 * row[2]));
            }
        }
    }

    @Test
    void pairsNeededIsTheFirstNWhoseStatsmodelsPowerReaches80Percent() {
        assertThat(CONVENTIONAL.pairsNeeded(0.1, 0.005)).hasValue(2);
        assertThat(CONVENTIONAL.pairsNeeded(0.02, 0.005)).hasValue(3);
        assertThat(CONVENTIONAL.pairsNeeded(0.02, 0.01)).hasValue(5);
        assertThat(CONVENTIONAL.pairsNeeded(0.01, 0.01)).hasValue(10);
        assertThat(CONVENTIONAL.pairsNeeded(0.005, 0.01)).hasValue(34);
        assertThat(CONVENTIONAL.pairsNeeded(0.01, 0.03)).hasValue(73);
        assertThat(CONVENTIONAL.pairsNeeded(0.005, 0.03)).hasValue(285);
        assertThat(CONVENTIONAL.pairsNeeded(0.001, 0.03)).hasValue(7066);
        // power depends on |delta| only: "power 0.01 -0.01 10" above equals "power 0.01 0.01 10"
        assertThat(CONVENTIONAL.pairsNeeded(-0.001, 0.03)).hasValue(7066);
    }

    @Test
    void pairsNeededIsEmptyWhenEvenTheCapFallsShort() {
        // "pairs needed 0.0002 0.03 None power at 100000 0.5589315757336442"
        assertThat(CONVENTIONAL.power(0.0002, 0.03, PairedPower.MAX_PAIRS))
                .isCloseTo(0.5589315757336442, within(2e-9));
        assertThat(CONVENTIONAL.pairsNeeded(0.0002, 0.03)).isEqualTo(OptionalInt.empty());
        assertThat(CONVENTIONAL.pairsNeeded(0, 0.03)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void alphaAndTargetPowerAreTheOnesGiven() {
        PairedPower strict = new PairedPower(0.01, 0.9);

        // "power alpha 0.01 0.01 0.015 10 0.8957205515277963 0.8957205519224344"
        double power = strict.power(0.015, 0.01, 10);
        assertThat(power).isCloseTo(0.8957205515277963, within(2e-9));
        assertThat(power).isCloseTo(0.8957205519224344, within(1e-12));
        // "mdd effect alpha 0.01 power 0.9 10 solve_power 1.5097350058432937 exact 1.509734485574937"
        double effect = strict.minimumDetectableDifference(0.01, 10) / 0.01;
        assertThat(effect).isCloseTo(1.5097350058432937, within(1e-5));
        assertThat(effect).isCloseTo(1.509734485574937, within(1e-10 * 1.509734485574937));
        // "pairs needed alpha 0.01 power 0.9 0.01 0.01 19"
        assertThat(strict.pairsNeeded(0.01, 0.01)).hasValue(19);
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHugeNoncentralityHasPowerOneWithoutSummingForever() {
        // δ = 1000·√2 / √2 = 1000, just inside 80·c = 80·12.706 for one df: the sums already give 1
        assertThat(CONVENTIONAL.power(1000, Math.sqrt(2), 2)).isEqualTo(1.0);
        // an sd that is rounding noise: δ ≈ 2e15, which the sums would take ~3e16 terms for
        assertThat(CONVENTIONAL.power(0.01, 1e-17, 10)).isEqualTo(1.0);
        assertThat(CONVENTIONAL.pairsNeeded(0.01, 1e-17)).hasValue(2);
    }

    @Test
    void sdDifferenceUpperMatchesScipyChiSquareQuantile() {
        // "chi2.ppf(0.2, n - 1) … upper limit of sd 0.01 …" for n = 2, 3, 5, 10, 24, 50
        assertRelative(PairedPower.sdDifferenceUpper(0.01, 2), 0.03947153875542746);
        assertRelative(PairedPower.sdDifferenceUpper(0.01, 3), 0.021169364935501846);
        assertRelative(PairedPower.sdDifferenceUpper(0.01, 5), 0.0155757542255663);
        assertRelative(PairedPower.sdDifferenceUpper(0.01, 10), 0.012933854444729526);
        assertRelative(PairedPower.sdDifferenceUpper(0.01, 24), 0.011568315455137104);
        assertRelative(PairedPower.sdDifferenceUpper(0.01, 50), 0.010994768064921537);
    }

    @Test
    void sdDifferenceIsTheSampleSdOfTheDifferences() {
        double[] differences = new double[ScipyReferenceTest.ONE_INIT.length];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = ScipyReferenceTest.ONE_INIT[i] - ScipyReferenceTest.ZERO_INIT[i];
        }
        // "sd of a - b 0.01889973544788394"
        assertRelative(PairedPower.sdDifference(differences), 0.01889973544788394);
    }

    @Test
    void rejectsWhatTheTestCannotRunOn() {
        assertThatIllegalArgumentException().isThrownBy(() -> PairedPower.sdDifference(new double[] {0.01}));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PairedPower.sdDifference(new double[] {0.01, Double.NaN}));
        assertThatIllegalArgumentException().isThrownBy(() -> PairedPower.sdDifferenceUpper(0.01, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> CONVENTIONAL.power(0.01, 0.01, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> CONVENTIONAL.power(0.01, 0, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> CONVENTIONAL.minimumDetectableDifference(0.01, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> CONVENTIONAL.pairsNeeded(0.01, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new PairedPower(0.05, 0.05));
        assertThatIllegalArgumentException().isThrownBy(() -> new PairedPower(0, 0.8));
        assertThatIllegalArgumentException().isThrownBy(() -> new PairedPower(0.05, 1));
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-12 * expected));
    }
}
