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
        return runs + " queued, oldest waiting " + Durations.inWords(queue.oldestQueuedSeconds());
    }
}
