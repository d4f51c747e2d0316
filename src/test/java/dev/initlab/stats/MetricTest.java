package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricTest {

    @Test
    void accuracyIntervalsStayBetweenZeroAndOne() {
        assertThat(Metric.ACCURACY.clip(new Interval(0.5, 1.5))).isEqualTo(new Interval(0.5, 1.0));
        assertThat(Metric.ACCURACY.clip(new Interval(-0.2, 0.3))).isEqualTo(new Interval(0.0, 0.3));
    }

    @Test
    void lossIntervalsStayAtOrAboveZeroWithoutAnUpperBound() {
        assertThat(Metric.VALID_LOSS.clip(new Interval(-0.4, 7.5))).isEqualTo(new Interval(0.0, 7.5));
        assertThat(Metric.TRAIN_LOSS.clip(new Interval(-2, -1))).isEqualTo(new Interval(0.0, 0.0));
    }
}
