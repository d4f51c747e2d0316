package dev.initlab.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OneCycleScheduleTest {

    private final OneCycleSchedule schedule = new OneCycleSchedule(1e-3, 800, OptimizerSettings.FASTAI);

    @Test
    void learningRateWarmsUpToLrMaxThenAnnealsToLrMaxOver1e5() {
        assertThat(schedule.learningRateAt(0)).isCloseTo(4e-5, within(1e-15));
        assertThat(schedule.learningRateAt(0.125)).isCloseTo(5.2e-4, within(1e-15));
        assertThat(schedule.learningRateAt(0.25)).isCloseTo(1e-3, within(1e-15));
        assertThat(schedule.learningRateAt(0.5)).isCloseTo(7.500025e-4, within(1e-15));
        assertThat(schedule.learningRateAt(1)).isCloseTo(1e-8, within(1e-15));
    }

    @Test
    void momentumFallsFrom095To085AndClimbsBack() {
        assertThat(schedule.momentumAt(0)).isCloseTo(0.95, within(1e-12));
        assertThat(schedule.momentumAt(0.125)).isCloseTo(0.90, within(1e-12));
        assertThat(schedule.momentumAt(0.25)).isCloseTo(0.85, within(1e-12));
        assertThat(schedule.momentumAt(0.5)).isCloseTo(0.875, within(1e-12));
        assertThat(schedule.momentumAt(1)).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void anExperimentsOwnNumbersShapeTheCycle() {
        OneCycleSchedule own = new OneCycleSchedule(1e-3, 800, new OptimizerSettings(0.99, 1e-5, 0.9, 0.8, 0.5, 10, 100));

        assertThat(own.learningRateAt(0)).isCloseTo(1e-4, within(1e-15));
        assertThat(own.learningRateAt(0.5)).isCloseTo(1e-3, within(1e-15));
        assertThat(own.learningRateAt(1)).isCloseTo(1e-5, within(1e-15));
        assertThat(own.momentumAt(0.5)).isCloseTo(0.8, within(1e-12));
        assertThat(own.momentumAt(1)).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void batchCountsAreTurnedIntoProgressOfTheWholeFit() {
        assertThat(schedule.learningRate(100)).isEqualTo(schedule.learningRateAt(0.125));
        assertThat(schedule.momentum(400)).isEqualTo(schedule.momentumAt(0.5));
    }
}
