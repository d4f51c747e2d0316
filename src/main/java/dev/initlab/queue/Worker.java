package dev.initlab.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.initlab.experiment.RunStatus;
import dev.initlab.training.BatchProgress;
import dev.initlab.training.Checkpoint;
import dev.initlab.training.EpochResult;
import dev.initlab.training.TrainingListener;
import dev.initlab.training.data.PreparationMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * One worker slot on one device: its platform thread claims a run, trains it, stores its epochs and
 * checkpoints, and goes on to the next. It stops a run when the user cancels it, when a reaper took
 * the run back, or when this instance shuts down (then the run goes back to the queue at once, with a
 * checkpoint of where it stood). When the pool's watchdog gives up on a stalled run, a fresh thread
 * takes the slot and the stuck one is left to end on its own.
 */
final class Worker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    /** A refused write is tried again after this, then after twice as long each time, up to the most below. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(15);

    /** The run a worker trains, what it is doing, and when it last moved. */
    record Activity(UUID runId, String phase, long sinceNanos) {
    }

    private final String id;
    private final WorkerDevice device;
    private final RunQueue queue;
    private final RunExecutor executor;
    private final WorkerProperties properties;
    private final ActiveRuns active;
    private final AtomicBoolean stopping;
    private final WorkerRegistry registry;
    private volatile Thread thread;
    private volatile Activity activity;

    Worker(String id, WorkerDevice device, RunQueue queue, RunExecutor executor, WorkerProperties properties,
           ActiveRuns active, AtomicBoolean stopping, WorkerRegistry registry) {
        this.id = id;
        this.device = device;
        this.queue = queue;
        this.executor = executor;
        this.properties = properties;
        this.active = active;
        this.stopping = stopping;
        this.registry = registry;
    }

    String id() {
        return id;
    }

    /** Starts a platform thread for this slot: torch's grad mode is per OS thread, so never a virtual one. */
    synchronized void start() {
        thread = new Thread(this, "worker-" + id.substring(id.lastIndexOf('/') + 1));
        thread.start();
    }

    void join(Duration patience) throws InterruptedException {
        thread.join(patience.toMillis());
    }

    /** The run of this worker that has made no progress for {@code timeout}, with what it was doing. */
    Optional<Activity> stalledFor(Duration timeout) {
        Activity current = activity;
        return current != null && System.nanoTime() - current.sinceNanos() > timeout.toNanos()
                ? Optional.of(current) : Optional.empty();
    }

    /**
     * The watchdog ends this worker's run: a fresh thread takes the slot, the stuck one is interrupted and
     * ignored. False, and nothing done, when the worker has moved on since {@code stalled} was seen.
     */
    synchronized boolean replaceStuckThread(Activity stalled) {
        if (activity != stalled) {
            return false;
        }
        Thread stuck = thread;
        activity = null;
        registry.running(id, null);
        start();
        stuck.interrupt();
        return true;
    }

    private boolean isCurrentThread() {
        return thread == Thread.currentThread();
    }

    @Override
    public void run() {
        log.info("Worker {} on {} started", id, device.name());
        while (!stopping.get() && isCurrentThread()) {
            try {
                Optional<ClaimedRun> claimed = queue.claim(id, device, properties.lease());
                if (claimed.isPresent()) {
                    execute(claimed.get());
                } else {
                    Thread.sleep(properties.poll().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("Worker {} could not reach the queue; retrying", id, e);
                sleepQuietly(properties.poll());
            }
        }
        log.info("Worker {} {}", id, isCurrentThread() ? "stopped" : "left its slot to a fresh thread");
    }

    private void execute(ClaimedRun run) {
        log.info("Worker {} training run {} ({} seed {}, attempt {}{})", id, run.id(), run.variant(), run.seed(),
                run.attempt() + 1, run.resumeFrom() == null ? ""
                        : ", resuming at epoch " + run.resumeFrom().epoch() + " batch " + run.resumeFrom().batch());
        RunClaim claim = new RunClaim(run.id(), id);
        RunListener listener = new RunListener(run, claim);
        activity = new Activity(run.id(), "preparing data", System.nanoTime());
        active.started(claim);
        registry.running(id, run.id());
        try {
            executor.train(run, device, listener);
            if (patiently(run, "record that it succeeded",
                    () -> queue.finish(run.id(), id, RunStatus.SUCCEEDED, null))) {
                log.info("Run {} succeeded", run.id());
            } else {
                settleLost(run);
            }
        } catch (DatabaseAwayException e) {
            letGo(run, e);
        } catch (CancellationException e) {
            settleStopped(run, claim, e);
        } catch (DataAccessException | TransactionException e) {
            // the database, not the run: reading its checkpoint, say
            letGo(run, e);
        } catch (Throwable e) {
            // every fault of the run itself, an Error too, ends it with its reason and leaves the worker free
            String reason = reasonOf(e);
            if (isCurrentThread()) {
                log.warn("Run {} failed: {}", run.id(), reason, e);
                queue.finish(run.id(), id, RunStatus.FAILED, reason);
            } else {
                log.info("Run {}, already ended by the watchdog, came back on its old thread: {}", run.id(), reason);
            }
        } finally {
            active.finished(claim);
            if (isCurrentThread()) {
                activity = null;
                registry.running(id, null);
            }
        }
    }

    /**
     * The database failed the run's writes for longer than {@code database-patience}, or failed a read: the
     * run is not failed but dropped here. Its lease, no longer renewed, expires, and the reaper queues it
     * again (one attempt counted) to continue from its last checkpoint.
     */
    private void letGo(ClaimedRun run, RuntimeException e) {
        log.warn("Run {} let go by worker {}: the database failed ({}); it continues from its last checkpoint once "
                + "its lease has expired", run.id(), id, databaseMessage(e));
    }

    /**
     * Runs {@code write} until the database takes it, training paused meanwhile: retried after 0.5 s, then
     * twice as long each time up to 15 s, for at most {@code database-patience}, or until this instance stops.
     *
     * @throws DatabaseAwayException when the database did not take the write in time
     */
    private <T> T patiently(ClaimedRun run, String what, Supplier<T> write) {
        long start = System.nanoTime();
        Duration pause = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = write.get();
                if (attempt > 1) {
                    log.info("Run {}: the database took the write to {} at try {}; training goes on", run.id(), what,
                            attempt);
                }
                return result;
            } catch (DataAccessException | TransactionException e) {
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                if (waited.compareTo(properties.databasePatience()) >= 0 || stopping.get() || !isCurrentThread()) {
                    throw new DatabaseAwayException(what + " after " + attempt + " tries in " + waited.toSeconds()
                            + " s: " + databaseMessage(e), e);
                }
                if (attempt == 1) {
                    log.warn("Run {}: the database refused the write to {} ({}); training paused, retrying",
                            run.id(), what, databaseMessage(e));
                }
                moved(run, "waiting for the database to " + what);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new DatabaseAwayException(what + ": interrupted while waiting for the database", e);
                }
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : doubled;
            }
        }
    }

    /** What the database said, without the statement that Spring's message repeats. */
    private static String databaseMessage(RuntimeException e) {
        return e instanceof NestedRuntimeException nested ? nested.getMostSpecificCause().getMessage() : e.getMessage();
    }

    /** A sign of life for the watchdog; a thread it has replaced no longer speaks for the slot. */
    private void moved(ClaimedRun run, String phase) {
        if (isCurrentThread()) {
            activity = new Activity(run.id(), phase, System.nanoTime());
        }
    }

    /** The database did not take a run's write within {@code database-patience}. */
    private static final class DatabaseAwayException extends RuntimeException {

        DatabaseAwayException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A stop between batches: the user cancelled, this instance is shutting down, or the run is no longer ours. */
    private void settleStopped(ClaimedRun run, RunClaim claim, CancellationException e) {
        if (active.lost(claim)) {
            settleLost(run);
        } else if (handingBack(claim)) {
            try {
                queue.requeue(run.id(), id);
                log.info("Run {} returned to the queue for shutdown", run.id());
            } catch (DataAccessException | TransactionException failed) {
                letGo(run, failed);
            }
        } else {
            queue.finish(run.id(), id, RunStatus.CANCELLED, null);
            log.info("Run {} cancelled ({})", run.id(), e.getMessage());
        }
    }

    /**
     * The run's lease is gone: another worker took the run, or it expired while this instance or the
     * database was away. In the second case no reaper has taken it yet and it is handed back, to continue
     * from its last checkpoint with no attempt counted; in both, this worker trains it no further.
     */
    private void settleLost(ClaimedRun run) {
        try {
            if (queue.requeue(run.id(), id)) {
                log.warn("Run {}: the lease of worker {} expired; handed back to the queue to continue from its last "
                        + "checkpoint", run.id(), id);
                return;
            }
        } catch (DataAccessException | TransactionException e) {
            letGo(run, e);
            return;
        }
        log.warn("Run {} was taken back from worker {}; dropped", run.id(), id);
    }

    /** This instance is stopping and the run is still ours and wanted: it goes back to the queue, not to CANCELLED. */
    private boolean handingBack(RunClaim claim) {
        return stopping.get() && !active.cancelRequested(claim) && !active.lost(claim);
    }

    private static String reasonOf(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory: " + e.getMessage();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Carries a run's progress into the queue (at most once a second), its epochs and checkpoints as
     * they come, and each sign of life to the watchdog.
     */
    private final class RunListener implements TrainingListener, PreparationMonitor {

        private final ClaimedRun run;
        private final RunClaim claim;
        private String lastPhase;
        private long lastDone = -1;
        private long lastWrite;
        private long lastCheckpoint = System.nanoTime();
        private double lastEpochSeconds;

        RunListener(ClaimedRun run, RunClaim claim) {
            this.run = run;
            this.claim = claim;
        }

        private void moved(String phase) {
            Worker.this.moved(run, phase);
        }

        private boolean writeDue() {
            long now = System.nanoTime();
            if (now - lastWrite < PROGRESS_EVERY.toNanos()) {
                return false;
            }
            lastWrite = now;
            return true;
        }

        /** A data task moved when its phase or its count changed; a wait that repeats itself did not. */
        @Override
        public void progress(String phase, long done, long total) {
            String text = total > 0 ? String.format("%s: %d %%", phase, 100 * done / total) : phase;
            if (!phase.equals(lastPhase) || done != lastDone) {
                lastPhase = phase;
                lastDone = done;
                moved(text);
            }
            if (writeDue()) {
                active.update(claim, patiently(run, "store its phase",
                        () -> queue.recordPhase(run.id(), id, text, properties.lease())));
            }
        }

        @Override
        public boolean stopRequested() {
            return cancelRequested();
        }

        @Override
        public void onBatch(BatchProgress progress) {
            moved("training epoch " + progress.epoch() + ", batch " + progress.batch());
            if (!writeDue()) {
                return;
            }
            double eta = Eta.secondsLeft(run.recipe().epochs(), progress.epoch(), progress.batch(),
                    progress.batchesPerEpoch(), run.recipe().batchSize(), progress.imagesPerSecond(), lastEpochSeconds);
            active.update(claim, patiently(run, "store its progress",
                    () -> queue.recordProgress(run.id(), id, progress, eta, "training", properties.lease())));
        }

        @Override
        public void onValidationBatch(int epoch, int batch, int batches) {
            moved("validation of epoch " + epoch + ", batch " + batch + " of " + batches);
        }

        @Override
        public void onEpoch(EpochResult metrics, Checkpoint checkpoint) {
            lastEpochSeconds = metrics.seconds();
            boolean keep = checkpoint.epoch() < run.recipe().epochs()
                    && System.nanoTime() - lastCheckpoint >= properties.checkpointEvery().toNanos();
            moved(keep ? "saving the checkpoint after epoch " + metrics.epoch() : "storing epoch " + metrics.epoch());
            if (!storeEpoch(metrics, keep ? checkpoint : null)) {
                active.update(claim, Holding.LOST);
            }
            moved("epoch " + metrics.epoch() + " stored");
        }

        /**
         * The epoch, with the checkpoint if one is due; false if the run is no longer ours. A checkpoint the
         * database does not take is skipped (the previous one stays), never the epoch.
         */
        private boolean storeEpoch(EpochResult metrics, Checkpoint checkpoint) {
            if (checkpoint != null) {
                try {
                    boolean held = queue.recordEpoch(run.id(), id, metrics, checkpoint);
                    lastCheckpoint = System.nanoTime();
                    return held;
                } catch (DataAccessException | TransactionException e) {
                    log.warn("Run {}: the checkpoint after epoch {} was not written ({}); the previous one stays",
                            run.id(), metrics.epoch(), databaseMessage(e));
                }
            }
            return patiently(run, "store epoch " + metrics.epoch(),
                    () -> queue.recordEpoch(run.id(), id, metrics, null));
        }

        @Override
        public boolean cancelRequested() {
            return stopping.get() || active.cancelRequested(claim) || active.lost(claim);
        }

        @Override
        public void onStop(Checkpoint checkpoint) {
            if (handingBack(claim)) {
                moved("saving a checkpoint to hand the run back");
                try {
                    queue.saveCheckpoint(run.id(), id, checkpoint);
                } catch (DataAccessException | TransactionException e) {
                    log.warn("Run {}: the hand-back checkpoint was not written ({}); it continues from the last one",
                            run.id(), databaseMessage(e));
                }
            }
        }
    }
}
