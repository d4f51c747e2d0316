package dev.initlab.web;

import java.util.List;

import dev.initlab.queue.QueueStats;

/** The live workers and the queue, as the home page shows them at one moment. */
public record WorkersSnapshot(List<WorkerLine> workers, QueueStats queue) {

    /** "3 runs queued, oldest waiting 4 min", or "No run is queued". */
    public String queueText() {
        long queued = queue.queued();
        if (queued == 0) {
            return "No run is queued";
        }
        String runs = queued == 1 ? "1 run" : queued + " runs";
        return runs + " queued, oldest waiting " + waited(queue.oldestQueuedSeconds());
    }

    /** A wait in its largest unit, and in the next one below it too once it is hours or days ("2 h 5 min"). */
    static String waited(double seconds) {
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

    private static String remainder(long amount, String unit) {
        return amount == 0 ? "" : " " + amount + unit;
    }
}
