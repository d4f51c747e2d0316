package dev.initlab.queue;

import java.util.PriorityQueue;

/** Runs taken in queue order by parallel worker slots, each run by the first slot that is free. */
final class SlotSchedule {

    private SlotSchedule() {
    }

    /** When each run ends, in seconds from now, if all slots are free now and runs take {@code durations}. */
    static double[] finishTimes(int slots, double[] durations) {
        if (slots < 1) {
            throw new IllegalArgumentException("a schedule needs at least one slot, got " + slots);
        }
        PriorityQueue<Double> freeAt = new PriorityQueue<>();
        for (int slot = 0; slot < slots; slot++) {
            freeAt.add(0.0);
        }
        double[] finishes = new double[durations.length];
        for (int run = 0; run < durations.length; run++) {
            finishes[run] = freeAt.poll() + durations[run];
            freeAt.add(finishes[run]);
        }
        return finishes;
    }
}
