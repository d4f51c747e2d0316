package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.initlab.stats.ScipyReferenceTest.ONE_INIT;
import static dev.initlab.stats.ScipyReferenceTest.ZERO_INIT;
import static dev.initlab.stats.ScipyReferenceTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ComparisonTest {

    // one-init starts behind and overtakes at epoch 2; epoch 4 holds the SciPy reference accuracies
    private static final double[] ONE_INIT_CURVE = {0.35, 0.50, 0.66, 0.74};
    private static final double[] ZERO_INIT_CURVE = {0.40, 0.55, 0.65, 0.70};

    @Test
    void comparesAtTheFinalEpochWithTheScipyReferenceNumbers() {
        Comparison comparison = Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", null);

        assertThat(comparison.finalEpoch()).isEqualTo(4);
        assertThat(comparison.atChosenEpoch()).isNull();
        PairedTest paired = comparison.atFinalEpoch().accuracy().paired();
        assertThat(paired.pairs()).isEqualTo(5);
        assertRelative(paired.t(), 6.175893241857927);
        assertRelative(paired.p(), 0.0034915217395774557);
        assertRelative(comparison.atFinalEpoch().accuracy().welch().meanDifference(), 0.052200000000000045);
        assertThat(comparison.verdict())
                .isEqualTo("one-init ahead by 5.2 points (95 % CI 2.9 to 7.6) after 5 epochs (epoch 4) over 5 paired seeds, p = 0.0035");
    }

    @Test
    void summarisesEveryVariantAtEveryEpoch() {
        Comparison comparison = Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", null);

        assertThat(comparison.variants()).extracting(VariantSummary::variant).containsExactly("one-init", "zero-init");
        VariantSummary oneInit = comparison.variants().get(0);
        assertThat(oneInit.epochs()).extracting(EpochSummary::epoch).containsExactly(0, 1, 2, 3, 4);
        Summary last = oneInit.epochs().get(4).accuracy();
        assertRelative(last.mean(), 0.7807999999999999);
        assertRelative(last.standardDeviation(), 0.00952365476064731);
        assertRelative(last.ci95().low(), 0.7689748207523822);
        assertThat(oneInit.epochs().get(4).validLoss().n()).isEqualTo(5);
    }

    @Test
    void testsEveryEpochBothVariantsReachedInOrder() {
        Comparison comparison = Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", null);

        assertThat(comparison.epochs()).extracting(EpochComparison::epoch).containsExactly(0, 1, 2, 3, 4);
        assertThat(comparison.epochs().get(4)).isEqualTo(comparison.atFinalEpoch());
        assertRelative(comparison.epochs().get(1).accuracy().paired().meanDifference(), -0.05);
    }

    @Test
    void severalVariantsAgainstOneBaselineGetHolmAdjustedPValuesAndSaySo() {
        List<RunSeries> runs = fiveSeedsEachOverFiveEpochs();
        double[] halfInit = {0.741, 0.752, 0.737, 0.760, 0.744};
        for (int seed = 0; seed < 5; seed++) {
            runs.add(run("half-init", seed, ZERO_INIT_CURVE, halfInit[seed]));
        }
        Comparison oneInitAlone = Comparison.of(runs, "one-init", "zero-init", null);
        Comparison halfInitAlone = Comparison.of(runs, "half-init", "zero-init", null);

        List<Comparison> family = Comparison.againstBaseline(runs, "zero-init", List.of("one-init", "half-init"), null);

        double[] raw = {oneInitAlone.atFinalEpoch().accuracy().paired().p(),
                halfInitAlone.atFinalEpoch().accuracy().paired().p()};
        double[] expected = Holm.adjust(raw);
        assertThat(family).extracting(Comparison::variantA).containsExactly("one-init", "half-init");
        Holm oneInit = family.get(0).atFinalEpoch().accuracy().holm();
        assertThat(oneInit.comparisons()).isEqualTo(2);
        assertThat(oneInit.pairedP()).isEqualTo(expected[0]).isGreaterThan(raw[0]);
        assertThat(family.get(1).atFinalEpoch().accuracy().holm().pairedP()).isEqualTo(expected[1]);
        assertThat(family.get(0).epochs().get(4).validLoss().holm()).isNotNull();
        assertThat(family.get(0).verdict()).endsWith("(Holm-adjusted over 2 comparisons with zero-init)");
        assertThat(Comparison.againstBaseline(runs, "zero-init", List.of("one-init"), null).get(0).atFinalEpoch()
                .accuracy().holm()).isNull();
    }

    @Test
    void findsTheCrossoverOnMeanAccuracy() {
        assertThat(Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", null).crossoverEpoch())
                .isEqualTo(2);
    }

    @Test
    void comparesAtAChosenEpochAndGivesItsVerdict() {
        Comparison comparison = Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", 1);

        assertThat(comparison.atChosenEpoch().epoch()).isEqualTo(1);
        assertThat(comparison.atFinalEpoch().epoch()).isEqualTo(4);
        // both curves add the same 0.001 per seed, so every seed is 5 points behind at epoch 1
        assertThat(comparison.verdict()).isEqualTo(
                "zero-init ahead by 5.0 points after 2 epochs (epoch 1), but no p-value: the difference was the same on all 5 paired seeds");
    }

    @Test
    void countsOnlyTheSeedsThatReachedAnEpoch() {
        List<RunSeries> runs = new ArrayList<>(fiveSeedsEachOverFiveEpochs());
        RunSeries lastOneInit = runs.remove(4);
        runs.add(new RunSeries("one-init", lastOneInit.seed(), lastOneInit.epochs().subList(0, 3)));

        Comparison comparison = Comparison.of(runs, "one-init", "zero-init", null);

        assertThat(comparison.finalEpoch()).isEqualTo(4);
        assertThat(comparison.variants().get(0).epochs().get(2).accuracy().n()).isEqualTo(5);
        assertThat(comparison.variants().get(0).epochs().get(4).accuracy().n()).isEqualTo(4);
        assertThat(comparison.atFinalEpoch().accuracy().paired().pairs()).isEqualTo(4);
        assertThat(comparison.atFinalEpoch().accuracy().welch().nB()).isEqualTo(5);
    }

    @Test
    void leavesANonFiniteLossOutOfThatMetricOnly() {
        List<RunSeries> runs = new ArrayList<>(fiveSeedsEachOverFiveEpochs());
        runs.set(0, new RunSeries("one-init", 0, List.of(new EpochPoint(0, 0.1, Double.NaN, Double.POSITIVE_INFINITY))));

        EpochSummary first = Comparison.of(runs, "one-init", "zero-init", null).variants().get(0).epochs().get(0);

        assertThat(first.accuracy().n()).isEqualTo(5);
        assertThat(first.validLoss().n()).isEqualTo(4);
        assertThat(first.validLoss().mean()).isFinite();
        assertThat(first.trainLoss().n()).isEqualTo(4);
    }

    @Test
    void saysSoWhenOneVariantHasNoRuns() {
        List<RunSeries> onlyOneInit = fiveSeedsEachOverFiveEpochs().subList(0, 5);

        Comparison comparison = Comparison.of(onlyOneInit, "one-init", "zero-init", null);

        assertThat(comparison.finalEpoch()).isNull();
        assertThat(comparison.atFinalEpoch()).isNull();
        assertThat(comparison.crossoverEpoch()).isNull();
        assertThat(comparison.verdict()).isEqualTo("no epoch has been reached by runs of both one-init and zero-init");
    }

    @Test
    void aChosenEpochNobodyReachedIsNotTestable() {
        Comparison comparison = Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", 9);

        assertThat(comparison.atChosenEpoch().accuracy().welch().status()).isEqualTo(TestStatus.TOO_FEW_SEEDS);
        assertThat(comparison.atChosenEpoch().accuracy().paired().status()).isEqualTo(TestStatus.TOO_FEW_SEEDS);
        assertThat(comparison.verdict()).isEqualTo("no runs of one-init or zero-init have reached epoch 9 yet");
    }

    @Test
    void rejectsDuplicateRunsAndSelfComparison() {
        List<RunSeries> runs = new ArrayList<>(fiveSeedsEachOverFiveEpochs());
        runs.add(runs.get(0));
        assertThatIllegalArgumentException().isThrownBy(() -> Comparison.of(runs, "one-init", "zero-init", null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "one-init", null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Comparison.of(fiveSeedsEachOverFiveEpochs(), "one-init", "zero-init", -1));
    }

    private static List<RunSeries> fiveSeedsEachOverFiveEpochs() {
        List<RunSeries> runs = new ArrayList<>();
        for (int seed = 0; seed < 5; seed++) {
            runs.add(run("one-init", seed, ONE_INIT_CURVE, ONE_INIT[seed]));
        }
        for (int seed = 0; seed < 5; seed++) {
            runs.add(run("zero-init", seed, ZERO_INIT_CURVE, ZERO_INIT[seed]));
        }
        return runs;
    }

    private static RunSeries run(String variant, int seed, double[] curve, double finalAccuracy) {
        List<EpochPoint> epochs = new ArrayList<>();
        for (int epoch = 0; epoch <= curve.length; epoch++) {
            double accuracy = epoch < curve.length ? curve[epoch] + 0.001 * seed : finalAccuracy;
            epochs.add(new EpochPoint(epoch, accuracy, 2 - 2 * accuracy, 2.2 - 2 * accuracy));
        }
        return new RunSeries(variant, seed, epochs);
    }
}
