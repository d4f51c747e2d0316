package dev.initlab.web;

import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * An experiment's mean accuracy by epoch in a small SVG box, one polyline per variant: x spans the
 * experiment's epochs, y the fixed range 0–1, so that sparklines of different experiments compare at a glance.
 */
public record Sparkline(List<Line> lines) {

    public static final int WIDTH = 120;
    public static final int HEIGHT = 32;
    /** Keeps a line at accuracy 0 or 1, or at the first or last epoch, from being cut in half by the box's edge. */
    private static final double INSET = 2;

    /** experiment.js's palette in variant order, so a variant has one colour on the home page and on its experiment's. */
    private static final List<String> PALETTE =
            List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2");

    /** One variant's polyline: its colour, its points in the box, and what it shows in words. */
    public record Line(String variant, String colour, String points, String label) {

        public boolean isEmpty() {
            return points.isEmpty();
        }
    }

    /** The line of the {@code variantIndex}-th variant of an experiment of {@code epochs} epochs. */
    static Line line(String variant, int variantIndex, SortedMap<Integer, Double> meanAccuracyByEpoch, int epochs) {
        String points = meanAccuracyByEpoch.entrySet().stream()
                .map(mean -> format(x(mean.getKey(), epochs)) + "," + y(mean.getValue()))
                .collect(Collectors.joining(" "));
        String label = meanAccuracyByEpoch.isEmpty() ? variant + ": no epoch stored yet"
                : variant + " mean accuracy by epoch: " + meanAccuracyByEpoch.values().stream()
                        .map(mean -> fixed(mean, 100)).collect(Collectors.joining(", "));
        return new Line(variant, PALETTE.get(variantIndex % PALETTE.size()), points, label);
    }

    /** What the lines show, for a screen reader: every variant's mean accuracy by epoch. */
    public String label() {
        return lines.stream().map(Line::label).collect(Collectors.joining("; "));
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    /** Where accuracy 0.5 is, for a faint guide line. */
    public String midlineY() {
        return y(0.5);
    }

    /** The height in the box of an accuracy, 0 at the bottom and 1 at the top. */
    static String y(double accuracy) {
        return format(INSET + (1 - accuracy) * (HEIGHT - 2 * INSET));
    }

    /** A lone epoch sits in the middle; otherwise the first epoch is at the left edge and the last at the right. */
    private static double x(int epoch, int epochs) {
        if (epochs <= 1) {
            return WIDTH / 2.0;
        }
        return INSET + epoch * (WIDTH - 2 * INSET) / (epochs - 1);
    }

    private static String format(double coordinate) {
        return fixed(coordinate, 10);
    }

    /**
     * {@code value} (not negative) rounded to 1/{@code scale}, scale 10 or 100; String.format took most of the
     * home page's time with a 100-epoch experiment on it.
     */
    private static String fixed(double value, int scale) {
        long scaled = Math.round(value * scale);
        String fraction = Long.toString(scaled % scale);
        String padding = scale == 100 && fraction.length() == 1 ? "0" : "";
        return (scaled / scale) + "." + padding + fraction;
    }
}
