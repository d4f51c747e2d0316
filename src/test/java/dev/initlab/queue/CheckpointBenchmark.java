package dev.initlab.queue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import ai.djl.Device;
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
 * write it into PostgreSQL in its epoch's transaction and the WAL that writes, to read it back, and to
 * restore a learner from it.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=dev.initlab.queue.CheckpointBenchmark}
 */
public final class CheckpointBenchmark {

    private static final String WORKER = "bench";

    public static void main(String[] args) throws Exception {
        int size = Integer.getInteger("bench.size", 32);
        PreparedDataset data = new DatasetCatalog(Path.of(System.getProperty("bench.data", "target/bench-data")))
                .prepare(new DatasetRequest(System.getProperty("bench.dataset", "fashion-mnist"), size, 512, 128));
        RunConfig config = new RunConfig(4, 64, RunConfig.DEFAULT_LR_MAX, RunConfig.DEFAULT_WEIGHT_DECAY,
                HeadType.FASTAI, 0f, 0);
        try (BenchmarkDatabase database = new BenchmarkDatabase()) {
            database.queueRuns(1);
            UUID run = database.queue.claim(WORKER, new WorkerDevice("cpu"), Duration.ofHours(1)).orElseThrow().id();
            RunTrainer.train(config, data, Device.cpu(), (metrics, checkpoint) -> store(database, run, metrics, checkpoint));

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

    private static void store(BenchmarkDatabase database, UUID run, EpochResult metrics, Checkpoint checkpoint) {
        if (checkpoint.epoch() == 4) {
            return;
        }
        String walBefore = database.jdbc.queryForObject("SELECT pg_current_wal_insert_lsn()::text", String.class);
        long start = System.nanoTime();
        database.transactions.executeWithoutResult(status -> database.queue.recordEpoch(run, WORKER, metrics, checkpoint));
        double seconds = (System.nanoTime() - start) / 1e9;
        long wal = database.jdbc.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint",
                Long.class, walBefore);
        long bytes = database.jdbc.queryForObject("SELECT bytes FROM run_checkpoints WHERE run_id = ?", Long.class, run);
        long stored = database.jdbc.queryForObject(
                "SELECT sum(pg_column_size(data))::bigint FROM run_checkpoint_chunks WHERE run_id = ?", Long.class, run);
        System.out.printf("checkpoint after epoch %d: %d bytes (%.1f MiB), stored as %d, written with its epoch in "
                + "%.3f s, %.1f MiB of WAL%n", metrics.epoch(), bytes, bytes / 1048576.0, stored, seconds,
                wal / 1048576.0);
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
