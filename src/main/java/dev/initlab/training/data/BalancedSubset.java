package dev.initlab.training.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Picks a class-balanced subset of a split that depends on the labels alone, never on a run's seed:
 * within each class the images are ranked by a fixed hash of their index (not file order), and the subset takes one
 * image from each class in turn until the limit is reached. The result is in the split's order.
 */
final class BalancedSubset {

    private BalancedSubset() {
    }

    /** How many images {@link #select} chooses from a split of {@code size} images. */
    static int count(int size, Integer limit) {
        return limit == null ? size : Math.min(size, limit);
    }

    /** Indices of the chosen images, ascending; every index when {@code limit} is null or not below the size. */
    static int[] select(SourceSplit split, Integer limit) {
        int size = split.size();
        if (limit == null || limit >= size) {
            return IntStream.range(0, size).toArray();
        }
        if (limit < 1) {
            throw new IllegalArgumentException("A subset limit must be at least 1, got " + limit);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int index = 0; index < size; index++) {
            int label = split.label(index);
            while (byClass.size() <= label) {
                byClass.add(new ArrayList<>());
            }
            byClass.get(label).add(index);
        }
        byClass.forEach(members -> members.sort(Comparator.comparingLong(SplitMix::mix)));
        int[] chosen = new int[limit];
        int taken = 0;
        for (int round = 0; taken < limit; round++) {
            for (List<Integer> members : byClass) {
                if (round < members.size() && taken < limit) {
                    chosen[taken++] = members.get(round);
                }
            }
        }
        Arrays.sort(chosen);
        return chosen;
    }
}
