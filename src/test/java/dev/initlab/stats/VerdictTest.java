package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.initlab.stats.ScipyReferenceTest.ONE_INIT;
import static dev.initlab.stats.ScipyReferenceTest.ZERO_INIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Numbers are those of {@link ScipyReferenceTest}; epoch 4 (0-based) is "after 5 epochs (epoch 4)". */
class VerdictTest {

    private static final double[] NONE = new double[0];

    @Test
    void namesTheLeaderWithItsMarginIntervalAndPairedP() {
        assertThat(Verdict.sentence("one-init", "zero-init", 4, tests(ONE_INIT, ZERO_INIT)))
                .isEqualTo("one-init ahead by 5.2 points (95 % CI 2.9 to 7.6) after 5 epochs (epoch 4) over 5 paired seeds, p = 0.0035");
    }

    @Test
    void flipsTheIntervalWhenTheSecondVariantLeads() {
        assertThat(Verdict.sentence("zero-init", "one-init", 4, tests(ZERO_INIT, ONE_INIT)))
                .isEqualTo("one-init ahead by 5.2 points (95 % CI 2.9 to 7.6) after 5 epochs (epoch 4) over 5 paired seeds, p = 0.0035");
    }

    @Test
    void saysNoDetectableDifferenceAndAsksForMoreSeeds() {
        assertThat(Verdict.sentence("one-init", "zero-init", 4,
                tests(new double[] {0.70, 0.75, 0.72}, new double[] {0.71, 0.73, 0.74})))
                .isEqualTo("no detectable difference after 5 epochs (epoch 4): p = 0.81 over 3 paired seeds; run more seeds");
    }

    @Test
    void saysNoTestIsPossibleWithOneSeed() {
        assertThat(Verdict.sentence("one-init", "zero-init", 4, tests(new double[] {0.78}, new double[] {0.727})))
                .isEqualTo("one-init ahead by 5.3 points after 5 epochs (epoch 4), but no test is possible with one seed: run more seeds");
    }

    @Test
    void fallsBackToWelchWhenSeedsAreNotShared() {
        MetricComparison unpaired = new MetricComparison(
                WelchTest.of(new double[] {0.61, 0.64, 0.58, 0.66}, new double[] {0.55, 0.62, 0.50, 0.59, 0.57, 0.53}),
                PairedTest.of(NONE, NONE), null);

        assertThat(Verdict.sentence("zero-init", "one-init", 2, unpaired))
                .isEqualTo("zero-init ahead by 6.3 points (95 % CI 0.5 to 12.0) after 3 epochs (epoch 2) over 4 and 6 unpaired seeds, p = 0.037");
    }

    @Test
    void explainsAMissingPValueWhenTheDifferenceNeverVaries() {
        assertThat(Verdict.sentence("one-init", "zero-init", 0,
                tests(new double[] {0.5, 0.75, 0.25}, new double[] {0.25, 0.5, 0.0})))
                .isEqualTo("one-init ahead by 25.0 points after 1 epoch (epoch 0), but no p-value: the difference was the same on all 3 paired seeds");
    }

    @Test
    void saysWhichVariantHasNotReachedTheEpoch() {
        assertThat(Verdict.sentence("one-init", "zero-init", 9, tests(new double[] {0.7, 0.8}, NONE)))
                .isEqualTo("no run of zero-init has reached epoch 9 yet");
        assertThat(Verdict.sentence("one-init", "zero-init", 9, tests(NONE, NONE)))
                .isEqualTo("no runs of one-init or zero-init have reached epoch 9 yet");
    }

    @Test
    void formatsPWithTwoSignificantDigits() {
        assertThat(Verdict.formatP(0.41234)).isEqualTo("p = 0.41");
        assertThat(Verdict.formatP(0.5)).isEqualTo("p = 0.50");
        assertThat(Verdict.formatP(0.0034915)).isEqualTo("p = 0.0035");
        assertThat(Verdict.formatP(0.001)).isEqualTo("p = 0.0010");
        assertThat(Verdict.formatP(1.0)).isEqualTo("p = 1.0");
        assertThat(Verdict.formatP(0.000999)).isEqualTo("p < 0.001");
    }

    @Test
    void saysWhenItsPValueIsHolmAdjusted() {
        MetricComparison raw = tests(ONE_INIT, ZERO_INIT);
        MetricComparison adjusted = new MetricComparison(raw.welch(), raw.paired(), new Holm(3, 0.009, 0.0107));

        assertThat(Verdict.sentence("one-init", "zero-init", 4, adjusted)).isEqualTo("one-init ahead by 5.2 points"
                + " (95 % CI 2.9 to 7.6) after 5 epochs (epoch 4) over 5 paired seeds, p = 0.011 (Holm-adjusted"
                + " over 3 comparisons with zero-init)");
        assertThat(Verdict.sentence("one-init", "zero-init", 4,
                new MetricComparison(raw.welch(), raw.paired(), new Holm(3, 0.2, 0.07))))
                .isEqualTo("no detectable difference after 5 epochs (epoch 4): p = 0.070 (Holm-adjusted over 3"
                        + " comparisons with zero-init) over 5 paired seeds; run more seeds");
    }

    /** Same seeds on both sides, in order. */
    private static MetricComparison tests(double[] a, double[] b) {
        int pairs = Math.min(a.length, b.length);
        return new MetricComparison(WelchTest.of(a, b),
                PairedTest.of(Arrays.copyOf(a, pairs), Arrays.copyOf(b, pairs)), null);
    }
}
