package dev.initlab.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** Where the lead between two variants changes hands for good. */
public final class Crossover {

    private Crossover() {
    }

    /**
     * The first epoch from which the sign of the mean difference (A − B) is the opposite of its sign at
     * the first epoch and stays so through the last epoch; empty if the lead never changes, or changes
     * and changes back. An epoch with difference exactly 0 is neither side: it cannot set the reference
     * sign (the first nonzero epoch does) and it interrupts a flipped stretch.
     */
    public static Optional<Integer> find(SortedMap<Integer, Double> meanDifferenceByEpoch) {
        List<Map.Entry<Integer, Double>> entries = new ArrayList<>(meanDifferenceByEpoch.entrySet());
        double reference = entries.stream().mapToDouble(e -> Math.signum(e.getValue()))
                .filter(sign -> sign != 0).findFirst().orElse(0);
        if (reference == 0) {
            return Optional.empty();
        }
        Integer crossover = null;
        for (int i = entries.size() - 1; i >= 0 && Math.signum(entries.get(i).getValue()) == -reference; i--) {
            crossover = entries.get(i).getKey();
        }
        return Optional.ofNullable(crossover);
    }
}
