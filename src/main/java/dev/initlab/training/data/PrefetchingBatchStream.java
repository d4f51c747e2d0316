package dev.initlab.training.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * Makes batches on its own thread, at most {@link #AHEAD} ahead of the caller, so that assembling
 * the next batch overlaps the caller's work on this one. The thread ends after the last batch, after
 * a failure (which the caller then receives, even an Error such as OutOfMemoryError), or when the
 * stream is closed; close() waits for it.
 */
final class PrefetchingBatchStream implements BatchStream {

    static final int AHEAD = 2;

    /** A made batch, or why making it failed. */
    private record Slot(HostBatch batch, Throwable failure) {
    }

    private final BlockingQueue<Slot> ready = new ArrayBlockingQueue<>(AHEAD);
    private final int batchCount;
    private final Thread worker;
    private int delivered;
    private boolean closed;

    PrefetchingBatchStream(String threadName, int batchCount, IntFunction<HostBatch> makeBatch) {
        this(threadName, 0, batchCount, makeBatch);
    }

    /** Makes and delivers batches {@code firstBatch} to {@code batchCount - 1}. */
    PrefetchingBatchStream(String threadName, int firstBatch, int batchCount, IntFunction<HostBatch> makeBatch) {
        this.batchCount = batchCount;
        this.delivered = firstBatch;
        this.worker = new Thread(() -> produce(firstBatch, makeBatch), threadName);
        worker.setDaemon(true);
        worker.start();
    }

    private void produce(int firstBatch, IntFunction<HostBatch> makeBatch) {
        try {
            for (int index = firstBatch; index < batchCount; index++) {
                Slot slot;
                try {
                    slot = new Slot(makeBatch.apply(index), null);
                } catch (Throwable e) {
                    // an Error too: a dead worker would leave the caller waiting for this batch for ever
                    ready.put(new Slot(null, e));
                    return;
                }
                ready.put(slot);
            }
        } catch (InterruptedException closedByCaller) {
            // close() interrupts a worker that waits for room; there is nothing left to do
        }
    }

    @Override
    public int batchCount() {
        return batchCount;
    }

    @Override
    public boolean hasNext() {
        return !closed && delivered < batchCount;
    }

    @Override
    public HostBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "The batch stream is closed" : "No batches left");
        }
        Slot slot;
        try {
            slot = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the next batch", e);
        }
        delivered++;
        Throwable failure = slot.failure();
        if (failure != null) {
            close();
            // an Error's class is the news ("OutOfMemoryError"); its message alone may be empty
            String why = failure instanceof Error ? failure.toString() : failure.getMessage();
            throw new IllegalStateException("Could not make batch " + (delivered - 1) + ": " + why, failure);
        }
        return slot.batch();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: the thread that makes the batches. */
    Thread worker() {
        return worker;
    }
}
