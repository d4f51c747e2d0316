package dev.initlab.stats;

import java.util.List;

/** Every epoch some run of {@code variant} has reached, in order. */
public record VariantSummary(String variant, List<EpochSummary> epochs) {

    /** Every variant of {@code runs}, in order of first appearance; one variant alone has no comparison. */
    public static List<VariantSummary> ofAll(List<RunSeries> runs) {
        return ofAll(new RunTable(runs));
    }

    static List<VariantSummary> ofAll(RunTable table) {
        return table.variants().stream().map(variant -> of(table, variant)).toList();
    }

    static VariantSummary of(RunTable table, String variant) {
        List<EpochSummary> epochs = table.epochs(variant).stream()
                .map(epoch -> new EpochSummary(epoch,
                        summarize(table, variant, epoch, Metric.ACCURACY),
                        summarize(table, variant, epoch, Metric.VALID_LOSS),
                        summarize(table, variant, epoch, Metric.TRAIN_LOSS)))
                .toList();
        return new VariantSummary(variant, epochs);
    }

    private static Summary summarize(RunTable table, String variant, int epoch, Metric metric) {
        return Summary.of(Samples.toArray(table.values(variant, epoch, metric).values()));
    }
}
