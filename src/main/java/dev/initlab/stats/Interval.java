package dev.initlab.stats;

/** A confidence interval, {@code low <= high}. */
public record Interval(double low, double high) {

    static Interval around(double centre, double halfWidth) {
        return new Interval(centre - halfWidth, centre + halfWidth);
    }
}
