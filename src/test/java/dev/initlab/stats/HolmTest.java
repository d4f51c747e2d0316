package dev.initlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HolmTest {

    @Test
    void matchesRsPAdjust() {
        // R 4.2: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});

        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-15));
        assertThat(adjusted[1]).isCloseTo(0.06, within(1e-15));
        assertThat(adjusted[2]).isCloseTo(0.06, within(1e-15));
        assertThat(adjusted[3]).isCloseTo(0.02, within(1e-15));
    }

    @Test
    void neverExceedsOne() {
        assertThat(Holm.adjust(new double[] {0.6, 0.9})).containsExactly(1.0, 1.0);
    }

    @Test
    void aComparisonWithoutPCountsAsOneAndStaysWithout() {
        Double[] family = {0.02, null, 0.04};

        assertThat(Holm.adjusted(family, 0)).isCloseTo(0.06, within(1e-15));
        assertThat(Holm.adjusted(family, 1)).isNull();
        assertThat(Holm.adjusted(family, 2)).isCloseTo(0.08, within(1e-15));
    }
}
