package dev.initlab.queue;

/** How many runs wait, and for how long the oldest of them has waited (null when none waits). */
public record QueueStats(long queued, Double oldestQueuedSeconds) {
}
