package dev.initlab.web;

import java.util.OptionalDouble;

/** Durations as the pages write them for people. */
final class Durations {

    private Durations() {
    }

    /** In its largest unit, and in the next one below it too once it is hours or days ("2 h 5 min"). */
    static String inWords(double seconds) {
        long whole = (long) seconds;
        if (whole < 60) {
            return whole + " s";
        }
        long minutes = whole / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + remainder(minutes % 60, " min");
        }
        long days = hours / 24;
        return days + (days == 1 ? " day" : " days") + remainder(hours % 24, " h");
    }

    /** "≈ 12 min left for the whole experiment", or empty when nothing is left or nothing can be estimated. */
    static String leftForTheExperiment(OptionalDouble seconds) {
        return seconds.isPresent() ? "≈ " + inWords(seconds.getAsDouble()) + " left for the whole experiment" : "";
    }

    private static String remainder(long amount, String unit) {
        return amount == 0 ? "" : " " + amount + unit;
    }
}
