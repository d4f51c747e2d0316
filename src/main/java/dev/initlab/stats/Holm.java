package dev.initlab.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment of the p-values of a family of comparisons (here: every variant against
 * the same baseline, on one metric at one epoch), so that the chance of any false "ahead" in the family
 * stays at 5 %. A comparison without a p-value enters the family as p = 1.
 *
 * @param comparisons how many comparisons the family holds
 * @param welchP      the Welch test's adjusted p, null when it had none
 * @param pairedP     the paired test's adjusted p, null when it had none
 */
public record Holm(int comparisons, Double welchP, Double pairedP) {

    /** R's {@code p.adjust(p, "holm")}: the i-th smallest p times (m − i + 1), kept monotone and at most 1. */
    static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /** Adjusts {@code p[index]} within its family; null stays null. */
    static Double adjusted(Double[] p, int index) {
        if (p[index] == null) {
            return null;
        }
        double[] family = Arrays.stream(p).mapToDouble(value -> value == null ? 1 : value).toArray();
        return adjust(family)[index];
    }
}
