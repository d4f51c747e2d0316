package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The state of one comparison in a sequential experiment, from hand-made paired differences. */
class SequentialStateTest {

    private static final SequentialState.Settings ONE_COMPARISON =
            new SequentialState.Settings("anytime", 0.05, 1, 30, 1, 0.01);

    @Test
    void aDecisionStaysWhenLaterPairsPullEBackUnderTheThreshold() {
        // five near-equal differences reach E ≈ 36 ≥ 20 at 5 pairs, the next ones scatter around 0
        double[] differences = {0.0100, 0.0101, 0.0099, 0.0100, 0.0102, -0.03, 0.02, -0.025, 0.015, -0.02};

        SequentialState state = SequentialState.of(differences, "one-init", "zero-init", ONE_COMPARISON, 10);

        assertThat(state.history().get(3).eValue()).as("E at 5 pairs").isGreaterThanOrEqualTo(20);
        assertThat(state.eValue()).as("E with all 10 pairs").isLessThan(20);
        assertThat(state.state()).isEqualTo(SequentialState.State.DECIDED);
        assertThat(state.settledAt()).isEqualTo(5);
        assertThat(state.sentence()).startsWith("one-init is ahead of zero-init: decided by the anytime-valid "
                + "paired test after 5 pairs");
    }

    @Test
    void noDecisionBeforeFivePairsWithGOneAndAlphaFivePercent() {
        double[] equal = {0.05, 0.05, 0.05, 0.05};

        SequentialState state = SequentialState.of(equal, "one-init", "zero-init", ONE_COMPARISON, 4);

        assertThat(state.eValue()).as("the limit (1 + 4)^(3/2) = 11.2").isLessThan(20);
        assertThat(state.state()).isEqualTo(SequentialState.State.CONTINUING);
        assertThat(state.settledAt()).isNull();
        assertThat(state.confidenceSequence().low()).isInfinite();
    }

    @Test
    void aTightSequenceAroundZeroIsPracticallyEquivalentAndTheCapEndsTheRest() {
        double[] tight = new double[12];
        for (int i = 0; i < tight.length; i++) {
            tight[i] = (i % 2 == 0 ? 1 : -1) * 0.001;
        }
        double[] noisy = {0.03, -0.02, 0.01, -0.04, 0.02, 0.0};

        SequentialState equivalent = SequentialState.of(tight, "a", "b", ONE_COMPARISON, 12);
        SequentialState capped = SequentialState.of(noisy, "a", "b",
                new SequentialState.Settings("anytime", 0.05, 1, 6, 1, 0.01), 6);

        assertThat(equivalent.state().label()).isEqualTo("practically equivalent");
        assertThat(equivalent.confidenceSequence().low()).isGreaterThanOrEqualTo(-0.01);
        assertThat(equivalent.confidenceSequence().high()).isLessThanOrEqualTo(0.01);
        assertThat(capped.state().label()).isEqualTo("inconclusive at the cap");
        assertThat(capped.settledAt()).isNull();
    }

    @Test
    void kComparisonsRaiseTheThresholdToKOverAlpha() {
        double[] differences = {0.0100, 0.0101, 0.0099, 0.0100, 0.0102};

        SequentialState shared = SequentialState.of(differences, "a", "b",
                new SequentialState.Settings("anytime", 0.05, 1, 30, 2, 0.01), 5);

        assertThat(shared.threshold()).isEqualTo(40);
        assertThat(shared.state()).as("E ≈ 36 is enough for one comparison, not for two")
                .isEqualTo(SequentialState.State.CONTINUING);
    }
}
