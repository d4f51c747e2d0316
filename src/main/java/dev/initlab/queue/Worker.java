package dev.initlab.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.initlab.training.BatchProgress;
import dev.initlab.training.EpochMetrics;
import dev.initlab.training.TrainingCancelledException;
import dev.initlab.training.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread, bound to one device for its life: claims a run, trains it, stores its epochs,
 * and goes on to the next. It stops a run when the user cancels it, when a reaper took the run
 * back, or when this instance shuts down (then the run goes back to the queue at once).
 */
final class Worker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final Semaphore TRAINING_TURN = new Semaphore(1, true);

    private final String id;
    private final WorkerDevice device;
    private final RunQueue queue;
    private final RunExecutor executor;
    private final WorkerProperties properties;
    private final ActiveRuns active;
    private final AtomicBoolean stopping;
    private final WorkerRegistry registry;

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

    @Override
    public void run() {
        log.info("Worker {} on {} started", id, device.name());
        while (!stopping.get()) {
            try {
                if (!trainOneIfQueued()) {
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
        log.info("Worker {} stopped", id);
    }

    /**
     * DJL 0.36's PyTorch engine allows one gradient collector per process, and dropout draws from
     * torch's one global generator: so the workers of a process take turns, and a run is claimed only
     * once this worker holds the turn (a claimed run is always a run being trained).
     */
    private boolean trainOneIfQueued() throws InterruptedException {
        if (!TRAINING_TURN.tryAcquire(properties.poll().toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        try {
            Optional<ClaimedRun> claimed = queue.claim(id, device, properties.lease());
            claimed.ifPresent(this::execute);
            return claimed.isPresent();
        } finally {
            TRAINING_TURN.release();
        }
    }

    private void execute(ClaimedRun run) {
        log.info("Worker {} training run {} ({} seed {}, attempt {})", id, run.id(), run.variant(), run.seed(),
                run.attempt() + 1);
        RunListener listener = new RunListener(run);
        active.started(run.id(), id);
        registry.running(id, run.id());
        try {
            executor.train(run, device, listener);
            queue.finish(run.id(), id, "SUCCEEDED", null);
            log.info("Run {} succeeded", run.id());
        } catch (TrainingCancelledException e) {
            settleStopped(run, e);
        } catch (Exception | OutOfMemoryError e) {
            String reason = reasonOf(e);
            log.warn("Run {} failed: {}", run.id(), reason, e);
            queue.finish(run.id(), id, "FAILED", reason);
        } finally {
            active.finished(run.id());
            registry.running(id, null);
        }
    }

    /** A stop between batches: the user cancelled, this instance is shutting down, or the run is no longer ours. */
    private void settleStopped(ClaimedRun run, TrainingCancelledException e) {
        if (active.lost(run.id())) {
            log.warn("Run {} was taken back from worker {} after its lease expired; dropped", run.id(), id);
        } else if (stopping.get() && !active.cancelRequested(run.id())) {
            queue.requeue(run.id(), id);
            log.info("Run {} returned to the queue for shutdown", run.id());
        } else {
            queue.finish(run.id(), id, "CANCELLED", null);
            log.info("Run {} cancelled ({})", run.id(), e.getMessage());
        }
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

    /** Carries the trainer's progress into the queue, at most once a second, and its epochs as they finish. */
    private final class RunListener implements TrainingListener {

        private final ClaimedRun run;
        private long lastWrite;
        private double lastEpochSeconds;

        RunListener(ClaimedRun run) {
            this.run = run;
        }

        @Override
        public void onBatch(BatchProgress progress) {
            long now = System.nanoTime();
            if (now - lastWrite < PROGRESS_EVERY.toNanos()) {
                return;
            }
            lastWrite = now;
            double eta = Eta.secondsLeft(run.recipe().epochs(), progress.epoch(), progress.batch(),
                    progress.batchesPerEpoch(), run.recipe().batchSize(), progress.imagesPerSecond(), lastEpochSeconds);
            Optional<Boolean> cancel = queue.recordProgress(run.id(), id, progress, eta, properties.lease());
            active.update(run.id(), cancel);
        }

        @Override
        public void onEpoch(EpochMetrics metrics) {
            lastEpochSeconds = metrics.seconds();
            if (!queue.recordEpoch(run.id(), id, metrics)) {
                active.update(run.id(), Optional.empty());
            }
        }

        @Override
        public boolean cancelRequested() {
            UUID runId = run.id();
            return stopping.get() || active.cancelRequested(runId) || active.lost(runId);
        }
    }
}
