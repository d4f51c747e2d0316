package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PrefetchingBatchStreamTest {

    private static HostBatch batchNumbered(int index) {
        return new HostBatch(new float[] {index}, new int[] {index}, 1, 1);
    }

    @Test
    void closingStopsTheWorkerThread() throws InterruptedException {
        PrefetchingBatchStream stream = new PrefetchingBatchStream("test-close", 1_000_000,
                PrefetchingBatchStreamTest::batchNumbered);
        assertThat(stream.next().labels()).containsExactly(0);

        stream.close();

        assertThat(stream.worker().isAlive()).isFalse();
        assertThat(stream.hasNext()).isFalse();
        assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void workerEndsAfterTheLastBatchAndBatchesComeInOrder() throws InterruptedException {
        try (PrefetchingBatchStream stream = new PrefetchingBatchStream("test-order", 3,
                PrefetchingBatchStreamTest::batchNumbered)) {
            assertThat(stream.next().labels()).containsExactly(0);
            assertThat(stream.next().labels()).containsExactly(1);
            assertThat(stream.next().labels()).containsExactly(2);
            assertThat(stream.hasNext()).isFalse();
            stream.worker().join(5_000);
            assertThat(stream.worker().isAlive()).isFalse();
        }
    }

    @Test
    @Timeout(10)
    void workerStaysAtMostTwoBatchesAhead() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        try (PrefetchingBatchStream stream = new PrefetchingBatchStream("test-ahead", 100, index -> {
            made.incrementAndGet();
            return batchNumbered(index);
        })) {
            // the worker parks only when the queue is full; from then on it makes nothing until a batch is taken
            Thread.State state;
            while ((state = stream.worker().getState()) != Thread.State.WAITING && state != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            // two wait in the queue, a third waits for room
            assertThat(made.get()).isEqualTo(PrefetchingBatchStream.AHEAD + 1);
        }
    }

    @Test
    void failureWhileMakingABatchReachesTheCaller() {
        try (PrefetchingBatchStream stream = new PrefetchingBatchStream("test-failure", 3, index -> {
            if (index == 1) {
                throw new IllegalArgumentException("bad image");
            }
            return batchNumbered(index);
        })) {
            stream.next();
            assertThatThrownBy(stream::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("batch 1").hasRootCauseMessage("bad image");
        }
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void outOfMemoryWhileMakingABatchReachesTheCallerInsteadOfHangingIt() {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        try (PrefetchingBatchStream stream = new PrefetchingBatchStream("test-oom", 5, failingAt(3, error))) {
            stream.next();
            stream.next();
            stream.next();
            assertThatThrownBy(stream::next).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Could not make batch 3: java.lang.OutOfMemoryError: Java heap space")
                    .hasCause(error);
            assertThat(stream.worker().isAlive()).isFalse();
        }
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stackOverflowWhileMakingABatchReachesTheCallerInsteadOfHangingIt() {
        StackOverflowError error = new StackOverflowError();
        try (PrefetchingBatchStream stream = new PrefetchingBatchStream("test-stack", 5, failingAt(0, error))) {
            assertThatThrownBy(stream::next).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Could not make batch 0: java.lang.StackOverflowError")
                    .hasCause(error);
        }
    }

    private static IntFunction<HostBatch> failingAt(int failingIndex, Error error) {
        return index -> {
            if (index == failingIndex) {
                throw error;
            }
            return batchNumbered(index);
        };
    }
}
