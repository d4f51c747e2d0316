package dev.initlab.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SmoothedLossTest {

    @Test
    void firstValueIsTheLossItselfThanksToDebiasing() {
        SmoothedLoss loss = new SmoothedLoss();
        loss.add(2.5);

        assertThat(loss.value()).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void averagesLikeFastaisLerpWithBeta098() {
        SmoothedLoss loss = new SmoothedLoss();
        loss.add(2.0);
        loss.add(1.0);

        // lerp: 0.02 * 2 = 0.04, then 0.98 * 0.04 + 0.02 * 1 = 0.0592; debiased by 1 - 0.98^2 = 0.0396
        assertThat(loss.value()).isCloseTo(0.0592 / 0.0396, within(1e-12));
    }
}
