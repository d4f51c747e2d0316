package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from statsmodels 0.13.5 and SciPy 1.10.1 (Debian's python3-statsmodels, python3-scipy):
 * sd = d.std(ddof=1); upper = sd·sqrt((n−1) / scipy.stats.chi2.ppf(0.20, n−1));
 * detectable = TTestPower().solve_power(nobs=n, alpha=0.05, power=0.8, alternative='two-sided')·upper;
 * needed = the first k with TTestPower().power(effect_size=0.01/upper, nobs=k, alpha=0.05,
 * alternative='two-sided') ≥ 0.8.
 */
class SeedPowerTest {

    @Test
    void tightPairsAlreadyResolveOnePoint() {
        SeedPower power = SeedPower.of(new double[] {0.050, 0.051, 0.049, 0.050, 0.052, 0.048}, 4, 0.01);

        assertThat(power.sdDifference()).isCloseTo(0.0014142135623730933, within(1e-12));
        assertThat(power.sdDifferenceUpper()).isCloseTo(0.0020661270335747698, within(1e-9));
        assertThat(power.minimumDetectableDifference()).isCloseTo(0.002963952490806882, within(1e-7));
        assertThat(power.pairsNeeded()).isEqualTo(3);
        assertThat(power.morePairsNeeded()).isZero();
        assertThat(power.sentence()).isEqualTo("With 6 paired seeds this experiment resolves differences of 0.3 points "
                + "or more (80 % power). To resolve 1.0 point you need about 3 paired seeds: it has enough.");
    }

    @Test
    void threeNoisyPairsNeedMany() {
        SeedPower power = SeedPower.of(new double[] {0.02, -0.01, 0.03}, 4, 0.01);

        assertThat(power.sdDifferenceUpper()).isCloseTo(0.044067547216524755, within(1e-9));
        assertThat(power.minimumDetectableDifference()).isCloseTo(0.1438383933981933, within(1e-6));
        assertThat(power.pairsNeeded()).isEqualTo(155);
        assertThat(power.morePairsNeeded()).isEqualTo(152);
    }

    @Test
    void oneOrNoPairCannotTellTheSpread() {
        SeedPower one = SeedPower.of(new double[] {0.02}, 4, 0.02);

        assertThat(one.pairs()).isEqualTo(1);
        assertThat(one.pairsNeeded()).isNull();
        assertThat(one.sentence()).isEqualTo("With 1 paired seed the spread between seeds is unknown: how many seeds "
                + "resolve 2.0 points shows from 2 pairs on.");
        assertThat(SeedPower.of(new double[0], 4, 0.01).sentence()).startsWith("With 0 paired seeds");
    }
}
