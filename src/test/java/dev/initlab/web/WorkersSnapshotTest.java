package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.initlab.queue.QueueStats;
import org.junit.jupiter.api.Test;

class WorkersSnapshotTest {

    @Test
    void emptyQueueSaysNoRunIsQueued() {
        assertThat(queueText(0, null)).isEqualTo("No run is queued");
    }

    @Test
    void queueTextCountsTheRunsAndSaysHowLongTheOldestWaited() {
        assertThat(queueText(1, 12.7)).isEqualTo("1 run queued, oldest waiting 12 s");
        assertThat(queueText(3, 4 * 60 + 59.0)).isEqualTo("3 runs queued, oldest waiting 4 min");
    }

    private static String queueText(long queued, Double oldestSeconds) {
        return new WorkersSnapshot(List.of(), new QueueStats(queued, oldestSeconds)).queueText();
    }
}
