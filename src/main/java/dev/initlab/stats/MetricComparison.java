package dev.initlab.stats;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Both tests of A against B on one metric at one epoch; {@code holm} holds their p-values adjusted over
 * every variant compared with the same baseline, and is null when A is the only one.
 */
public record MetricComparison(WelchTest welch, PairedTest paired, Holm holm) {

    static MetricComparison of(RunTable table, String variantA, String variantB, int epoch, Metric metric) {
        SortedMap<Long, Double> a = table.values(variantA, epoch, metric);
        SortedMap<Long, Double> b = table.values(variantB, epoch, metric);
        SortedMap<Long, Double> pairedA = new TreeMap<>(a);
        pairedA.keySet().retainAll(b.keySet());
        SortedMap<Long, Double> pairedB = new TreeMap<>(b);
        pairedB.keySet().retainAll(a.keySet());
        return new MetricComparison(
                WelchTest.of(Samples.toArray(a.values()), Samples.toArray(b.values())),
                PairedTest.of(Samples.toArray(pairedA.values()), Samples.toArray(pairedB.values())), null);
    }
}
