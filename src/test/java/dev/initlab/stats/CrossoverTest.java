package dev.initlab.stats;

import org.junit.jupiter.api.Test;

import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CrossoverTest {

    @Test
    void findsTheEpochFromWhichTheLeadStaysWithTheOtherVariant() {
        assertThat(Crossover.find(differences(-0.05, -0.02, 0.01, 0.03, 0.04))).contains(2);
    }

    @Test
    void isAbsentWhenTheSameVariantLeadsThroughout() {
        assertThat(Crossover.find(differences(0.05, 0.02, 0.01, 0.03))).isEmpty();
    }

    @Test
    void isAbsentWhenTheLeadFlipsAndFlipsBack() {
        assertThat(Crossover.find(differences(0.05, -0.02, -0.01, 0.03))).isEmpty();
    }

    @Test
    void countsOnlyTheLastLastingFlip() {
        assertThat(Crossover.find(differences(0.05, -0.02, 0.01, -0.03, -0.04))).contains(3);
    }

    @Test
    void takesTheReferenceSignFromTheFirstNonzeroDifference() {
        assertThat(Crossover.find(differences(0.0, 0.02, -0.01, -0.03))).contains(2);
    }

    @Test
    void aTieInterruptsAFlippedStretch() {
        assertThat(Crossover.find(differences(0.02, -0.01, 0.0, -0.03))).contains(3);
    }

    @Test
    void isAbsentWithoutEpochsOrWithOnlyTies() {
        assertThat(Crossover.find(new TreeMap<>())).isEmpty();
        assertThat(Crossover.find(differences(0.0, 0.0))).isEmpty();
    }

    @Test
    void usesEpochNumbersNotPositions() {
        SortedMap<Integer, Double> sparse = new TreeMap<>();
        sparse.put(3, 0.01);
        sparse.put(7, -0.01);
        assertThat(Crossover.find(sparse)).contains(7);
    }

    private static SortedMap<Integer, Double> differences(double... byEpoch) {
        SortedMap<Integer, Double> map = new TreeMap<>();
        for (int epoch = 0; epoch < byEpoch.length; epoch++) {
            map.put(epoch, byEpoch[epoch]);
        }
        return map;
    }
}
