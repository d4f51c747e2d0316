package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class SparklineTest {

    @Test
    void firstEpochIsAtTheLeftEdgeAndTheLastAtTheRightWithAccuracyOneAtTheTop() {
        Sparkline.Line line = Sparkline.line("one-init", 1, means(0.0, 0.5, 1.0), 3);

        assertThat(line.points()).isEqualTo("2.0,30.0 60.0,16.0 118.0,2.0");
    }

    @Test
    void everyPointLiesInsideTheBox() {
        Sparkline.Line line = Sparkline.line("zero-init", 0, means(0.12, 0.97, 0.33, 0.0, 1.0), 5);

        for (String point : line.points().split(" ")) {
            double x = Double.parseDouble(point.split(",")[0]);
            double y = Double.parseDouble(point.split(",")[1]);
            assertThat(x).isBetween(0.0, (double) Sparkline.WIDTH);
            assertThat(y).isBetween(0.0, (double) Sparkline.HEIGHT);
        }
    }

    @Test
    void yRangeIsZeroToOneWhateverTheAccuraciesSoExperimentsCompare() {
        Sparkline.Line low = Sparkline.line("zero-init", 0, means(0.2, 0.3), 2);
        Sparkline.Line high = Sparkline.line("zero-init", 0, means(0.8, 0.9), 2);

        assertThat(low.points()).isEqualTo("2.0,24.4 118.0,21.6");
        assertThat(high.points()).isEqualTo("2.0,7.6 118.0,4.8");
        assertThat(new Sparkline(List.of(low, high)).midlineY()).isEqualTo("16.0");
    }

    @Test
    void epochsNotYetStoredLeaveTheRestOfTheWidthEmpty() {
        Sparkline.Line running = Sparkline.line("zero-init", 0, means(0.4, 0.6), 5);

        assertThat(running.points()).isEqualTo("2.0,18.8 31.0,13.2");
    }

    @Test
    void aOneEpochExperimentHasItsPointInTheMiddle() {
        assertThat(Sparkline.line("zero-init", 0, means(0.5), 1).points()).isEqualTo("60.0,16.0");
    }

    @Test
    void noStoredEpochGivesAnEmptySparklineThatSaysSo() {
        Sparkline.Line empty = Sparkline.line("zero-init", 0, new TreeMap<>(), 5);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.points()).isEmpty();
        assertThat(empty.label()).isEqualTo("zero-init: no epoch stored yet");
    }

    @Test
    void labelReadsTheMeansToTwoDecimals() {
        assertThat(Sparkline.line("zero-init", 0, means(0.614, 0.7, 0.7349), 3).label())
                .isEqualTo("zero-init mean accuracy by epoch: 0.61, 0.70, 0.73");
    }

    @Test
    void sparklineLabelReadsEveryVariantInOrder() {
        Sparkline sparkline = new Sparkline(List.of(Sparkline.line("zero-init", 0, means(0.5, 0.6), 2),
                Sparkline.line("one-init", 1, new TreeMap<>(), 2)));

        assertThat(sparkline.label()).isEqualTo("zero-init mean accuracy by epoch: 0.50, 0.60; one-init: no epoch stored yet");
    }

    @Test
    void variantsTakeTheExperimentPagesColoursInOrderAndWrapAfterEight() {
        List<String> colours = List.of(0, 1, 2, 8).stream()
                .map(index -> Sparkline.line("v", index, means(0.5), 1).colour()).toList();

        assertThat(colours).containsExactly("#1f77b4", "#d62728", "#2ca02c", "#1f77b4");
    }

    private static SortedMap<Integer, Double> means(double... byEpoch) {
        SortedMap<Integer, Double> means = new TreeMap<>();
        for (int epoch = 0; epoch < byEpoch.length; epoch++) {
            means.put(epoch, byEpoch[epoch]);
        }
        return means;
    }
}
