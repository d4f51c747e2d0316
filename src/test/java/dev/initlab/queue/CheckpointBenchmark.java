package dev.initlab.queue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import ai.djl.Device;
import dev.initlab.training.BatchProgress;
import dev.initlab.training.Checkpoint;
import dev.initlab.training.EpochResult;
import dev.initlab.training.HeadType;
import dev.initlab.training.RunConfig;
import dev.initlab.training.RunTrainer;
import dev.initlab.training.TrainingCancelledException;
import dev.initlab.training.TrainingListener;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.PreparedDataset;

/**
 * A real run's checkpoint at 32 px (ResNet18, fastai head, Adam's averages): its size, the time to
 * store it with its epoch in PostgreSQL and the WAL that writes, the longest wait it causes to the
 * run's own progress writes, another run's and a heartbeat of both, then the time to read it back and
 * to restore a learner from it.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=dev.initlab.queue.CheckpointBenchmark}
 */
public final class CheckpointBenchmark {

    private static final String WORKER = "bench";
    private static final String OTHER_WORKER = "other";
    private static final Duration LEASE = Duration.ofHours(1);

    public static void main(String[] args) throws Exception {
        int size = Integer.getInteger("bench.size", 32);
        PreparedDataset data = new DatasetCatalog(Path.of(System.getProperty("bench.data", "target/bench-data")))
                .prepare(new DatasetRequest(System.getProperty("bench.dataset", "fashion-mnist"), size, 512, 128));
        RunConfig config = new RunConfig(4, 64, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                HeadType.FASTAI, 0f, 0);
        try (BenchmarkDatabase database = new BenchmarkDatabase()) {
            database.queueRuns(2);
            UUID run = database.queue.claim(WORKER, new WorkerDevice("cpu"), LEASE).orElseThrow().id();
            UUID other = database.queue.claim(OTHER_WORKER, new WorkerDevice("cpu"), LEASE).orElseThrow().id();
            RunTrainer.train(config, data, Device.cpu(),
                    (metrics, checkpoint) -> store(database, run, other, metrics, checkpoint));

            long start = System.nanoTime();
            long bytes;
            try (InputStream in = database.checkpoints.open(run)) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
            System.out.printf("read from PostgreSQL: %d bytes in %.3f s%n", bytes, (System.nanoTime() - start) / 1e9);
            double fresh = secondsToFirstBatch(() -> RunTrainer.train(config, data, Device.cpu(), stopAtOnce()));
            double resumed = secondsToFirstBatch(() -> {
                try (InputStream in = database.checkpoints.open(run)) {
                    RunTrainer.resume(config, data, Device.cpu(), stopAtOnce(), in);
                }
                return null;
            });
            System.out.printf("to the first batch: fresh model %.3f s, resumed from PostgreSQL %.3f s "
                    + "(read and restore: %.3f s)%n", fresh, resumed, resumed - fresh);
        }
    }

    private static void store(BenchmarkDatabase database, UUID run, UUID other, EpochResult metrics,
                              Checkpoint checkpoint) {
        if (checkpoint.epoch() == 4) {
            return;
        }
        String walBefore = database.jdbc.queryForObject("SELECT pg_current_wal_insert_lsn()::text", String.class);
        Waits waits = new Waits(database, run, other);
        Thread watcher = new Thread(waits, "waits");
        watcher.start();
        long start = System.nanoTime();
        database.queue.recordEpoch(run, WORKER, metrics, checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        waits.stop = true;
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long wal = database.jdbc.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint",
                Long.class, walBefore);
        long bytes = database.jdbc.queryForObject("""
                SELECT v.bytes FROM run_checkpoints c JOIN checkpoint_versions v ON v.id = c.version_id
                WHERE c.run_id = ?""", Long.class, run);
        long stored = database.jdbc.queryForObject("""
                SELECT sum(pg_column_size(k.data))::bigint
                FROM run_checkpoints c JOIN checkpoint_chunks k ON k.version_id = c.version_id WHERE c.run_id = ?""",
                Long.class, run);
        System.out.printf("checkpoint after epoch %d: %d bytes (%.1f MiB), stored as %d, written with its epoch in "
                + "%.3f s, %.1f MiB of WAL; meanwhile the longest wait of the run's progress %.3f s, another run's "
                + "progress %.3f s, a heartbeat of both %.3f s%n", metrics.epoch(), bytes, bytes / 1048576.0, stored,
                seconds, wal / 1048576.0, waits.ownProgress, waits.otherProgress, waits.heartbeat);
    }

    /** Writes both runs' progress and a heartbeat of both, over and over, and keeps the longest each took. */
    private static final class Waits implements Runnable {

        private final BenchmarkDatabase database;
        private final UUID run;
        private final UUID other;
        volatile boolean stop;
        double ownProgress;
        double otherProgress;
        double heartbeat;

        Waits(BenchmarkDatabase database, UUID run, UUID other) {
            this.database = database;
            this.run = run;
            this.other = other;
        }

        @Override
        public void run() {
            BatchProgress progress = new BatchProgress(0, 1, 8, 100.0);
            List<RunClaim> claims = List.of(new RunClaim(run, WORKER), new RunClaim(other, OTHER_WORKER));
            while (!stop) {
                ownProgress = Math.max(ownProgress, seconds(() ->
                        database.queue.recordProgress(run, WORKER, progress, 60, "training", LEASE)));
                otherProgress = Math.max(otherProgress, seconds(() ->
                        database.queue.recordProgress(other, OTHER_WORKER, progress, 60, "training", LEASE)));
                heartbeat = Math.max(heartbeat, seconds(() -> database.queue.renewLeases(claims, "bench", LEASE)));
            }
        }

        private static double seconds(Runnable write) {
            long start = System.nanoTime();
            write.run();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double secondsToFirstBatch(Work work) throws Exception {
        long start = System.nanoTime();
        try {
            work.run();
        } catch (TrainingCancelledException expected) {
            return (System.nanoTime() - start) / 1e9;
        }
        throw new IllegalStateException("the run was meant to stop before its first batch");
    }

    private static TrainingListener stopAtOnce() {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochResult metrics, Checkpoint checkpoint) {
            }

            @Override
            public boolean cancelRequested() {
                return true;
            }
        };
    }
}
