package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void longDurationsAreInHoursAndDays() {
        assertThat(Durations.inWords(2 * 3600 + 5 * 60)).isEqualTo("2 h 5 min");
        assertThat(Durations.inWords(86400 + 3 * 3600)).isEqualTo("1 day 3 h");
        assertThat(Durations.inWords(3 * 86400)).isEqualTo("3 days");
        assertThat(Durations.inWords(2 * 3600 + 20)).isEqualTo("2 h");
    }

    @Test
    void whatIsLeftOfAnExperimentIsApproximateOrNotSaid() {
        assertThat(Durations.leftForTheExperiment(OptionalDouble.of(12 * 60 + 30)))
                .isEqualTo("≈ 12 min left for the whole experiment");
        assertThat(Durations.leftForTheExperiment(OptionalDouble.empty())).isEmpty();
    }
}
