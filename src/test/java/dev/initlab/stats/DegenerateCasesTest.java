package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DegenerateCasesTest {

    @Test
    void oneValueHasAMeanButNoStandardDeviationOrInterval() {
        assertThat(Summary.of(new double[] {0.7})).isEqualTo(new Summary(1, 0.7, null, null));
    }

    @Test
    void noValuesHaveNoMean() {
        assertThat(Summary.of(new double[0])).isEqualTo(new Summary(0, null, null, null));
    }

    @Test
    void equalValuesGiveAZeroWidthInterval() {
        assertThat(Summary.of(new double[] {0.5, 0.5, 0.5})).isEqualTo(new Summary(3, 0.5, 0.0, new Interval(0.5, 0.5)));
    }

    @Test
    void welchNeedsTwoValuesOnEachSide() {
        assertThat(WelchTest.of(new double[] {0.75}, new double[] {0.5, 0.625}))
                .isEqualTo(new WelchTest(TestStatus.TOO_FEW_SEEDS, 1, 2, 0.1875, null, null, null, null));
        assertThat(WelchTest.of(new double[0], new double[] {0.5, 0.625}))
                .isEqualTo(new WelchTest(TestStatus.TOO_FEW_SEEDS, 0, 2, null, null, null, null, null));
    }

    @Test
    void welchWithoutVariationOnEitherSideIsNotTestable() {
        assertThat(WelchTest.of(new double[] {0.75, 0.75}, new double[] {0.5, 0.5, 0.5}))
                .isEqualTo(new WelchTest(TestStatus.NO_VARIATION, 2, 3, 0.25, null, null, null, null));
    }

    @Test
    void welchWithVariationOnOneSideIsTestable() {
        WelchTest test = WelchTest.of(new double[] {0.75, 0.75}, new double[] {0.5, 0.6, 0.55});

        assertThat(test.status()).isEqualTo(TestStatus.TESTABLE);
        assertThat(test.t()).isFinite();
        assertThat(test.df()).isFinite();
        assertThat(test.p()).isBetween(0.0, 1.0);
        assertThat(test.ci95().low()).isFinite();
    }

    @Test
    void pairedNeedsTwoPairs() {
        assertThat(PairedTest.of(new double[] {0.75}, new double[] {0.5}))
                .isEqualTo(new PairedTest(TestStatus.TOO_FEW_SEEDS, 1, 0.25, null, null, null, null));
        assertThat(PairedTest.of(new double[0], new double[0]))
                .isEqualTo(new PairedTest(TestStatus.TOO_FEW_SEEDS, 0, null, null, null, null, null));
    }

    @Test
    void pairedWithTheSameDifferenceOnEverySeedIsNotTestable() {
        assertThat(PairedTest.of(new double[] {0.5, 0.75, 0.25}, new double[] {0.25, 0.5, 0.0}))
                .isEqualTo(new PairedTest(TestStatus.NO_VARIATION, 3, 0.25, null, null, null, null));
        assertThat(PairedTest.of(new double[] {0.7, 0.8}, new double[] {0.7, 0.8}).status())
                .isEqualTo(TestStatus.NO_VARIATION);
    }

    @Test
    void pairedDifferencesThatDifferOnlyByRoundingAreNotTestable() {
        // every seed of A gets exactly 10 more of 2,000 images right than the same seed of B
        double[] b = {1500 / 2000.0, 1499 / 2000.0, 1587 / 2000.0, 1533 / 2000.0, 1555 / 2000.0};
        double[] a = new double[b.length];
        for (int seed = 0; seed < b.length; seed++) {
            a[seed] = (b[seed] * 2000 + 10) / 2000.0;
        }

        PairedTest test = PairedTest.of(a, b);

        assertThat(test.status()).isEqualTo(TestStatus.NO_VARIATION);
        assertThat(test.meanDifference()).isCloseTo(0.005, within(1e-15));
        assertThat(test.p()).isNull();
    }

    @Test
    void pairedDifferencesOfOneImageAreVariation() {
        PairedTest test = PairedTest.of(new double[] {1510 / 2000.0, 1471 / 2000.0, 1598 / 2000.0},
                new double[] {1500 / 2000.0, 1461 / 2000.0, 1587 / 2000.0});

        assertThat(test.status()).isEqualTo(TestStatus.TESTABLE);
    }

    @Test
    void pairedRejectsSamplesOfDifferentLengths() {
        assertThatIllegalArgumentException().isThrownBy(() -> PairedTest.of(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void rejectsNonFiniteValuesInsteadOfReturningNaN() {
        assertThatIllegalArgumentException().isThrownBy(() -> Summary.of(new double[] {0.5, Double.NaN}));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WelchTest.of(new double[] {0.5, 0.6}, new double[] {0.5, Double.POSITIVE_INFINITY}));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PairedTest.of(new double[] {Double.NaN, 0.6}, new double[] {0.5, 0.7}));
    }
}
