package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from SciPy 1.10.1 / NumPy 1.24.2 (Debian bookworm's python3-scipy, python3-numpy),
 * computed with /usr/bin/python3:
 *
 * <pre>
 * import numpy as np, scipy
 * print("scipy", scipy.__version__, "numpy", np.__version__)
 * from scipy import stats
 * a = np.array([0.781, 0.769, 0.792, 0.774, 0.788])   # one-init, seeds 0..4
 * b = np.array([0.727, 0.741, 0.718, 0.735, 0.722])   # zero-init, seeds 0..4
 * sem = a.std(ddof=1) / np.sqrt(5)
 * print("mean", repr(a.mean()), "sd", repr(a.std(ddof=1)))
 * print("t.ppf(0.975, 4)", repr(stats.t.ppf(0.975, 4)))
 * print("ci", repr(a.mean() - stats.t.ppf(0.975, 4) * sem), repr(a.mean() + stats.t.ppf(0.975, 4) * sem))
 * r = stats.ttest_rel(a, b)
 * d = a - b
 * half = stats.t.ppf(0.975, 4) * d.std(ddof=1) / np.sqrt(5)
 * print("ttest_rel", repr(r.statistic), repr(r.pvalue), r.df, "meandiff", repr(d.mean()), "ci", repr(d.mean() - half), repr(d.mean() + half))
 * x = np.array([0.61, 0.64, 0.58, 0.66])
 * y = np.array([0.55, 0.62, 0.50, 0.59, 0.57, 0.53])
 * r = stats.ttest_ind(x, y, equal_var=False)
 * vx, vy = x.var(ddof=1) / 4, y.var(ddof=1) / 6
 * df = (vx + vy) ** 2 / (vx ** 2 / 3 + vy ** 2 / 5)
 * diff = x.mean() - y.mean()
 * half = stats.t.ppf(0.975, df) * np.sqrt(vx + vy)
 * print("ttest_ind", repr(r.statistic), repr(r.pvalue), "df", repr(df), "diff", repr(diff), "ci", repr(diff - half), repr(diff + half))
 * p = np.array([0.70, 0.75, 0.72])
 * q = np.array([0.71, 0.73, 0.74])
 * r = stats.ttest_rel(p, q)
 * print("ttest_rel small", repr(r.statistic), repr(r.pvalue))
 * print("welch t.ppf(0.975, df)", repr(stats.t.ppf(0.975, df)), "half", repr(half))
 * </pre>
 *
 * printed:
 *
 * <pre>
 * scipy 1.10.1 numpy 1.24.2
 * mean 0.7807999999999999 sd 0.00952365476064731
 * t.ppf(0.975, 4) 2.7764451051977987
 * ci 0.7689748207523822 0.7926251792476177
 * ttest_rel 6.175893241857927 0.0034915217395774557 4 meandiff 0.052200000000000045 ci 0.02873287891878702 0.07566712108121307
 * ttest_ind 2.5245228261317254 0.03739730748887241 df 7.5025466845945825 diff 0.06250000000000011 ci 0.004744251366444872 0.12025574863355534
 * ttest_rel small -0.2773500981126146 0.8075499102701248
 * welch t.ppf(0.975, df) 2.3328912922517784 half 0.05775574863355524
 * </pre>
 */
class ScipyReferenceTest {

    static final double[] ONE_INIT = {0.781, 0.769, 0.792, 0.774, 0.788};
    static final double[] ZERO_INIT = {0.727, 0.741, 0.718, 0.735, 0.722};

    @Test
    void summaryMatchesNumpyStdAndScipyTInterval() {
        Summary summary = Summary.of(ONE_INIT);

        assertThat(summary.n()).isEqualTo(5);
        assertRelative(summary.mean(), 0.7807999999999999);
        assertRelative(summary.standardDeviation(), 0.00952365476064731);
        assertRelative(summary.ci95().low(), 0.7689748207523822);
        assertRelative(summary.ci95().high(), 0.7926251792476177);
    }

    @Test
    void criticalValueMatchesScipyTPpf() {
        assertRelative(StudentT.critical95(4), 2.7764451051977987);
        assertRelative(StudentT.critical95(7.5025466845945825), 2.3328912922517784);
    }

    @Test
    void pairedTestMatchesScipyTtestRel() {
        PairedTest test = PairedTest.of(ONE_INIT, ZERO_INIT);

        assertThat(test.status()).isEqualTo(TestStatus.TESTABLE);
        assertThat(test.pairs()).isEqualTo(5);
        assertThat(test.df()).isEqualTo(4);
        assertRelative(test.t(), 6.175893241857927);
        assertRelative(test.p(), 0.0034915217395774557);
        assertRelative(test.meanDifference(), 0.052200000000000045);
        assertRelative(test.ci95().low(), 0.02873287891878702);
        assertRelative(test.ci95().high(), 0.07566712108121307);
    }

    @Test
    void pairedTestWithNoEffectMatchesScipyTtestRel() {
        PairedTest test = PairedTest.of(new double[] {0.70, 0.75, 0.72}, new double[] {0.71, 0.73, 0.74});

        assertRelative(test.t(), -0.2773500981126146);
        assertRelative(test.p(), 0.8075499102701248);
    }

    @Test
    void welchTestMatchesScipyTtestIndWithUnequalVariances() {
        WelchTest test = WelchTest.of(new double[] {0.61, 0.64, 0.58, 0.66},
                new double[] {0.55, 0.62, 0.50, 0.59, 0.57, 0.53});

        assertThat(test.status()).isEqualTo(TestStatus.TESTABLE);
        assertThat(test.nA()).isEqualTo(4);
        assertThat(test.nB()).isEqualTo(6);
        assertRelative(test.t(), 2.5245228261317254);
        assertRelative(test.p(), 0.03739730748887241);
        assertRelative(test.df(), 7.5025466845945825);
        assertRelative(test.meanDifference(), 0.06250000000000011);
        // the lower bound sits near 0, so check the half-width relatively and the bounds against it
        double halfWidth = (test.ci95().high() - test.ci95().low()) / 2;
        assertRelative(halfWidth, 0.05775574863355524);
        assertRelative(test.ci95().high(), 0.12025574863355534);
        assertThat(test.ci95().low()).isCloseTo(0.004744251366444872, within(1e-9 * halfWidth));
    }

    static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
    }
}
