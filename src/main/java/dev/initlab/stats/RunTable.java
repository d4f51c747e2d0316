package dev.initlab.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Runs indexed by variant, then epoch, then seed. */
final class RunTable {

    private final Map<String, TreeMap<Integer, TreeMap<Long, EpochPoint>>> byVariant = new LinkedHashMap<>();

    RunTable(List<RunSeries> runs) {
        Set<String> seen = new HashSet<>();
        for (RunSeries run : runs) {
            // a second run of the same variant and seed would break the pairing by seed
            if (!seen.add(run.variant() + "\u0000" + run.seed())) {
                throw new IllegalArgumentException("two runs of variant '" + run.variant() + "' with seed " + run.seed());
            }
            var byEpoch = byVariant.computeIfAbsent(run.variant(), v -> new TreeMap<>());
            Set<Integer> epochs = new HashSet<>();
            for (EpochPoint point : run.epochs()) {
                if (point.epoch() < 0 || !epochs.add(point.epoch())) {
                    throw new IllegalArgumentException("run of variant '" + run.variant() + "' with seed " + run.seed()
                            + " has a negative or repeated epoch " + point.epoch());
                }
                byEpoch.computeIfAbsent(point.epoch(), e -> new TreeMap<>()).put(run.seed(), point);
            }
        }
    }

    /** Variants in the order they first appear in the input. */
    List<String> variants() {
        return new ArrayList<>(byVariant.keySet());
    }

    SortedSet<Integer> epochs(String variant) {
        return new TreeSet<>(byVariant.getOrDefault(variant, new TreeMap<>()).keySet());
    }

    SortedSet<Integer> commonEpochs(String variantA, String variantB) {
        SortedSet<Integer> common = epochs(variantA);
        common.retainAll(epochs(variantB));
        return common;
    }

    /**
     * Seed → value for the runs of {@code variant} that reached {@code epoch}. Values that are not
     * finite are left out: a diverged run's loss is NaN and has no place in a mean.
     */
    SortedMap<Long, Double> values(String variant, int epoch, Metric metric) {
        SortedMap<Long, Double> values = new TreeMap<>();
        var bySeed = byVariant.getOrDefault(variant, new TreeMap<>()).getOrDefault(epoch, new TreeMap<>());
        bySeed.forEach((seed, point) -> {
            double value = metric.of(point);
            if (Double.isFinite(value)) {
                values.put(seed, value);
            }
        });
        return values;
    }

    /** Accuracy of {@code variantA} minus {@code variantB} at {@code epoch}, per seed both reached, in order of seed. */
    double[] pairedAccuracyDifferences(String variantA, String variantB, int epoch) {
        SortedMap<Long, Double> a = values(variantA, epoch, Metric.ACCURACY);
        SortedMap<Long, Double> b = values(variantB, epoch, Metric.ACCURACY);
        return a.entrySet().stream().filter(pair -> b.containsKey(pair.getKey()))
                .mapToDouble(pair -> pair.getValue() - b.get(pair.getKey())).toArray();
    }
}
