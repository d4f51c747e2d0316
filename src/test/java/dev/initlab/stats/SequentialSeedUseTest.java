package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from {@code python3 bench/sequential_seed_use.py 100000}: the same experiments simulated
 * apart from this code, with NumPy 2.4 drawing the accuracies and SciPy 1.17's brentq finding where E reaches
 * K/α, replayed look by look (100,000 simulations each; the standard error of its expected seeds is
 * about 0.02). The tolerances allow about five standard errors of both simulations together.
 */
class SequentialSeedUseTest {

    private static final int SIMULATIONS = 20_000;

    private static SequentialSeedUse simulate(int comparisons, int initial, int step, int cap, double difference,
                                              double smallestDifference) {
        return SequentialSeedUse.simulate(new SequentialSeedUse.Design(comparisons, initial, step, cap, 0.05, 1),
                difference, smallestDifference, SIMULATIONS, 7);
    }

    @Test
    void aOneSdDifferenceIsDecidedAfterAboutFourteenSeeds() {
        SequentialSeedUse use = simulate(1, 4, 2, 30, 1, 1);

        assertThat(use.expectedSeeds()).isCloseTo(13.6920, within(0.2));
        assertThat(use.decidedShare()).isCloseTo(0.9780, within(0.01));
        assertThat(use.settledShare()).isCloseTo(0.9869, within(0.01));
    }

    @Test
    void twoComparisonsShareAlphaAndTheBaselineSoTheyNeedMoreSeeds() {
        SequentialSeedUse use = simulate(2, 4, 2, 30, 1, 1);

        assertThat(use.expectedSeeds()).isCloseTo(18.4919, within(0.2));
        assertThat(use.decidedShare()).isCloseTo(0.9373, within(0.01));
        assertThat(use.settledShare()).isCloseTo(0.9450, within(0.01));
    }

    @Test
    void withoutADifferenceAlmostEveryExperimentRunsToTheCapAndFewDecide() {
        SequentialSeedUse use = simulate(1, 2, 1, 30, 0, 0.5);

        assertThat(use.expectedSeeds()).isCloseTo(29.4853, within(0.2));
        assertThat(use.decidedShare()).as("false decisions, at most α").isCloseTo(0.0217, within(0.01))
                .isLessThanOrEqualTo(0.05);
        assertThat(use.settledShare()).isCloseTo(0.0464, within(0.01));
    }

    @Test
    void aSmallDifferenceOftenEndsAtACapThatIsNotAStepAway() {
        SequentialSeedUse use = simulate(1, 6, 3, 20, 0.5, 0.5);

        assertThat(use.expectedSeeds()).isCloseTo(18.5550, within(0.2));
        assertThat(use.decidedShare()).isCloseTo(0.2425, within(0.01));
        assertThat(use.settledShare()).isCloseTo(0.2434, within(0.01));
        // 6, 9, 12, 15, 18 and then 20: the last step is cut to the cap
        assertThat(use.seedsUsed()[20]).as("at least every inconclusive one").isGreaterThanOrEqualTo(1 - use.settledShare());
        assertThat(use.seedsUsed()[19] + use.seedsUsed()[7] + use.seedsUsed()[10]).isZero();
    }

    @Test
    void theSharesOfEverySeedCountAddUpToOne() {
        SequentialSeedUse use = simulate(3, 2, 2, 12, 0.3, 0.2);

        double total = 0;
        double expected = 0;
        for (int seeds = 0; seeds < use.seedsUsed().length; seeds++) {
            total += use.seedsUsed()[seeds];
            expected += seeds * use.seedsUsed()[seeds];
        }
        assertThat(total).isCloseTo(1, within(1e-12));
        assertThat(use.expectedSeeds()).isCloseTo(expected, within(1e-12));
        assertThat(use.seedsUsed()[0] + use.seedsUsed()[1] + use.seedsUsed()[3]).isZero();
    }
}
