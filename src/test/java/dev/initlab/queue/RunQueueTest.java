package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.ExperimentSpec.VariantSpec;
import dev.initlab.experiment.RunStatus;
import dev.initlab.support.IntegrationTest;
import dev.initlab.training.BatchProgress;
import dev.initlab.training.Checkpoint;
import dev.initlab.training.EpochResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RunQueueTest extends IntegrationTest {

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final WorkerDevice CPU = new WorkerDevice("cpu");

    @Autowired
    RunQueue queue;

    @Autowired
    ExperimentService experiments;

    @Autowired
    CheckpointStore checkpoints;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
    }

    @Test
    void fourConcurrentClaimersClaimEachOf200RunsExactlyOnce() throws Exception {
        // two experiments: one may hold at most initlab.limits.runs-per-experiment (100) runs
        queueRuns(2, 50, "auto");
        queueRuns(2, 50, "auto");
        ConcurrentLinkedQueue<UUID> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            String workerId = "claimer-" + worker;
            done.add(claimers.submit(() -> {
                start.await();
                for (Optional<ClaimedRun> run = queue.claim(workerId, CPU, LEASE); run.isPresent();
                     run = queue.claim(workerId, CPU, LEASE)) {
                    claimed.add(run.get().id());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        claimers.shutdown();

        assertThat(claimed).hasSize(200).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE status = 'RUNNING'", Integer.class)).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT worker) FROM runs WHERE status = 'RUNNING'", Integer.class))
                .isGreaterThan(1);
    }

    @Test
    void claimTakesTheOldestRunAndOnlyWhatTheDeviceMayRun() {
        UUID gpuOnly = queueRuns(1, 1, "gpu").get(0);
        UUID first = queueRuns(1, 1, "auto").get(0);
        UUID second = queueRuns(1, 1, "cpu").get(0);

        assertThat(queue.claim("w", CPU, LEASE)).map(ClaimedRun::id).hasValue(first);
        assertThat(queue.claim("w", CPU, LEASE)).map(ClaimedRun::id).hasValue(second);
        assertThat(queue.claim("w", CPU, LEASE)).isEmpty();
        assertThat(queue.claim("g", new WorkerDevice("gpu1"), LEASE)).map(ClaimedRun::id).hasValue(gpuOnly);
        assertThat(status(gpuOnly)).containsEntry("device", "gpu1").containsEntry("worker", "g");
    }

    @Test
    void expiredLeaseReturnsTheRunWithOneMoreAttemptUntilTheLastFailsIt() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(queue.claim("dying-" + attempt, CPU, LEASE)).map(ClaimedRun::id).hasValue(run);
            expireLease(run);

            assertThat(queue.reapExpiredLeases(3)).isEqualTo(1);

            assertThat(status(run)).containsEntry("attempt", attempt)
                    .containsEntry("status", attempt < 3 ? "QUEUED" : "FAILED");
        }
        assertThat((String) status(run).get("error"))
                .isEqualTo("worker lost: dying-3 stopped renewing its lease; 3 of 3 attempts used");
        assertThat(queue.claim("w", CPU, LEASE)).isEmpty();
    }

    @Test
    void leaseThatIsRenewedIsNotReaped() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, Duration.ofSeconds(2));

        LeaseRenewal renewal = queue.renewLeases(List.of(new RunClaim(run, "w")), "instance", LEASE);

        assertThat(renewal.stillHeld()).containsExactly(new RunClaim(run, "w"));
        assertThat(queue.reapExpiredLeases(3)).isZero();
        assertThat(status(run)).containsEntry("status", "RUNNING");
    }

    @Test
    void aWorkerWhoseLeaseExpiredMayWriteNothingButCanHandTheRunBackWithNoAttemptCounted() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        expireLease(run);
        RunClaim claim = new RunClaim(run, "w");

        assertThat(queue.renewLeases(List.of(claim), "instance", LEASE).holding(claim)).isEqualTo(Holding.LOST);
        assertThat(queue.recordProgress(run, "w", new BatchProgress(0, 1, 10, 1.0), 9, "training", LEASE))
                .isEqualTo(Holding.LOST);
        assertThat(queue.recordEpoch(run, "w", epoch(0), new BytesCheckpoint(1, 0, new byte[] {1}))).isFalse();
        assertThat(queue.finish(run, "w", RunStatus.SUCCEEDED, null)).isFalse();
        assertThat(epochsOf(run)).isEmpty();
        assertThat(versionsOf(run)).isZero();

        assertThat(queue.requeue(run, "w")).isTrue();

        assertThat(status(run)).containsEntry("status", "QUEUED").containsEntry("attempt", 0);
    }

    @Test
    void aLeaseIsRenewedOnlyForTheWorkerThatHoldsTheRun() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("holder", CPU, Duration.ofMillis(1));

        LeaseRenewal renewal = queue.renewLeases(List.of(new RunClaim(run, "someone-else")), "instance", LEASE);

        assertThat(renewal.stillHeld()).isEmpty();
        assertThat(queue.reapExpiredLeases(3)).isEqualTo(1);
    }

    @Test
    void reclaimedRunWithACheckpointKeepsTheEpochsBeforeItAndDropsTheOnesAfter() throws Exception {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("first", CPU, LEASE);
        byte[] state = new byte[CheckpointStore.CHUNK_BYTES * 2 + 12_345];
        new Random(7).nextBytes(state);
        assertThat(queue.recordEpoch(run, "first", epoch(0), null)).isTrue();
        assertThat(queue.recordEpoch(run, "first", epoch(1), new BytesCheckpoint(2, 0, state))).isTrue();
        assertThat(queue.recordEpoch(run, "first", epoch(2), null)).isTrue();
        Object keptAt = jdbc.queryForObject("SELECT recorded_at FROM epoch_metrics WHERE run_id = ? AND epoch = 1",
                Object.class, run);
        expireLease(run);
        queue.reapExpiredLeases(3);

        ClaimedRun resumed = queue.claim("second", CPU, LEASE).orElseThrow();

        assertThat(resumed.resumeFrom()).isEqualTo(new ClaimedRun.ResumePoint(2, 0));
        assertThat(resumed.attempt()).isEqualTo(1);
        assertThat(epochsOf(run)).containsExactly(0, 1);
        assertThat(jdbc.queryForObject("SELECT recorded_at FROM epoch_metrics WHERE run_id = ? AND epoch = 1",
                Object.class, run)).isEqualTo(keptAt);
        assertThat(status(run)).containsEntry("resumed_from_epoch", 2).containsEntry("progress_epoch", 2);
        try (InputStream in = checkpoints.open(run)) {
            assertThat(in.readAllBytes()).isEqualTo(state);
        }
    }

    @Test
    void aCheckpointIsStoredOnlyByTheRunsHolderAndDeletedWhenTheRunEnds() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        BytesCheckpoint checkpoint = new BytesCheckpoint(0, 3, new byte[] {1, 2, 3});

        assertThat(queue.saveCheckpoint(run, "someone-else", checkpoint)).isFalse();
        assertThat(versionsOf(run)).as("a worker that does not hold the run writes no bytes").isZero();
        assertThat(queue.saveCheckpoint(run, "w", checkpoint)).isTrue();
        assertThat(queue.saveCheckpoint(run, "w", new BytesCheckpoint(0, 5, new byte[] {4, 5, 6, 7}))).isTrue();
        assertThat(jdbc.queryForMap("""
                SELECT c.epoch, c.batch, v.bytes FROM run_checkpoints c JOIN checkpoint_versions v ON v.id = c.version_id
                WHERE c.run_id = ?""", run)).containsEntry("batch", 5).containsEntry("bytes", 4L);
        assertThat(versionsOf(run)).as("the superseded version is deleted").isOne();
        queue.finish(run, "w", RunStatus.SUCCEEDED, null);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_checkpoints", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoint_versions", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoint_chunks", Integer.class)).isZero();
    }

    @Test
    void checkpointBytesOfARunTakenWhileTheyWereWrittenAreDeleted() throws Exception {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        boolean saved = whileCheckpointChunksAreInserted("""
                UPDATE runs SET worker = 'new-holder'
                WHERE id = (SELECT run_id FROM checkpoint_versions WHERE id = NEW.version_id);""",
                () -> queue.saveCheckpoint(run, "w", new BytesCheckpoint(0, 3, new byte[] {1, 2})));

        assertThat(saved).isFalse();
        assertThat(versionsOf(run)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_checkpoints WHERE run_id = ?", Integer.class, run))
                .isZero();
    }

    @Test
    void checkpointBytesNeverMadeCurrentAreDeletedOnceTheyAreOld() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        queue.saveCheckpoint(run, "w", new BytesCheckpoint(0, 3, new byte[] {1}));
        UUID current = jdbc.queryForObject("SELECT version_id FROM run_checkpoints WHERE run_id = ?", UUID.class, run);
        UUID abandoned = checkpoints.write(run, "w", new BytesCheckpoint(0, 4, new byte[] {2}));
        UUID fresh = checkpoints.write(run, "w", new BytesCheckpoint(0, 5, new byte[] {3}));
        jdbc.update("UPDATE checkpoint_versions SET created_at = now() - interval '2 hours' WHERE id IN (?, ?)",
                current, abandoned);

        assertThat(queue.deleteAbandonedCheckpoints(Duration.ofHours(1))).isOne();

        assertThat(jdbc.queryForList("SELECT id FROM checkpoint_versions WHERE run_id = ?", UUID.class, run))
                .containsExactlyInAnyOrder(current, fresh);
    }

    @Test
    void aHeartbeatTellsAStaleClaimOfARunFromItsCurrentHolder() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("old", CPU, LEASE);
        expireLease(run);
        queue.reapExpiredLeases(3);
        queue.claim("new", CPU, LEASE);
        RunClaim stale = new RunClaim(run, "old");
        RunClaim current = new RunClaim(run, "new");

        LeaseRenewal renewal = queue.renewLeases(List.of(stale, current), "instance", LEASE);

        assertThat(renewal.holding(stale)).isEqualTo(Holding.LOST);
        assertThat(renewal.holding(current)).isEqualTo(Holding.HELD);
    }

    @Test
    void aSlowCheckpointWriteHoldsUpNoLeaseAndNoProgressNotEvenItsOwnRuns() throws Exception {
        queueRuns(1, 2, "auto");
        UUID slow = queue.claim("w1", CPU, LEASE).orElseThrow().id();
        UUID other = queue.claim("w2", CPU, LEASE).orElseThrow().id();
        Instant slowLease = leaseOf(slow);
        Instant otherLease = leaseOf(other);
        whileCheckpointChunksAreInserted("""
                IF (SELECT run_id FROM checkpoint_versions WHERE id = NEW.version_id) = '%s' THEN
                    PERFORM pg_sleep(3);
                END IF;""".formatted(slow), () -> {
            CompletableFuture<Boolean> writing = CompletableFuture.supplyAsync(() ->
                    queue.recordEpoch(slow, "w1", epoch(0), new BytesCheckpoint(1, 0, new byte[] {1})));
            while (jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'",
                    Integer.class) == 0) {
                Thread.sleep(20);
            }

            LeaseRenewal renewal = queue.renewLeases(List.of(new RunClaim(slow, "w1"), new RunClaim(other, "w2")),
                    "here", LEASE);
            Holding ownProgress = queue.recordProgress(slow, "w1", new BatchProgress(0, 5, 10, 100.0), 30, "training",
                    LEASE);

            assertThat(writing).as("neither the heartbeat nor the run's progress waited for the checkpoint").isNotDone();
            assertThat(renewal.stillHeld()).containsExactlyInAnyOrder(new RunClaim(slow, "w1"), new RunClaim(other, "w2"));
            assertThat(ownProgress).isEqualTo(Holding.HELD);
            assertThat(leaseOf(other)).isAfter(otherLease);
            assertThat(leaseOf(slow)).isAfter(slowLease);
            assertThat(writing.get()).isTrue();
            assertThat(jdbc.queryForObject("SELECT epoch FROM run_checkpoints WHERE run_id = ?", Integer.class, slow))
                    .isOne();
            return null;
        });
    }

    @Test
    void requeueOnShutdownKeepsTheCheckpointSoTheNextClaimResumesFromIt() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        queue.saveCheckpoint(run, "w", new BytesCheckpoint(1, 5, new byte[] {9}));

        queue.requeue(run, "w");

        ClaimedRun resumed = queue.claim("next", CPU, LEASE).orElseThrow();
        assertThat(resumed.resumeFrom()).isEqualTo(new ClaimedRun.ResumePoint(1, 5));
        assertThat(resumed.attempt()).isZero();
    }

    @Test
    void reclaimedRunStartsAgainFromEpochZero() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("first", CPU, LEASE);
        assertThat(queue.recordEpoch(run, "first", epoch(0), null)).isTrue();
        assertThat(queue.recordEpoch(run, "first", epoch(1), null)).isTrue();
        expireLease(run);
        queue.reapExpiredLeases(3);

        assertThat(queue.claim("second", CPU, LEASE)).map(ClaimedRun::attempt).hasValue(1);

        assertThat(epochsOf(run)).isEmpty();
        assertThat(queue.recordEpoch(run, "first", epoch(0), null)).as("the dead worker's late write").isFalse();
        assertThat(queue.recordEpoch(run, "second", epoch(0), null)).isTrue();
        assertThat(epochsOf(run)).containsExactly(0);
    }

    @Test
    void aRunTrainedAgainFromTheStartReplacesTheEpochsItStoredBefore() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        assertThat(queue.recordEpoch(run, "w", epoch(0), null)).isTrue();

        assertThat(queue.recordEpoch(run, "w", new EpochResult(0, 0.9, 0.8, 0.7, 0.75, 2.0), null)).isTrue();

        assertThat(jdbc.queryForList("SELECT accuracy FROM epoch_metrics WHERE run_id = ?", Double.class, run))
                .containsExactly(0.75);
    }

    @Test
    void requeueOnShutdownCountsNoAttempt() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);

        queue.requeue(run, "w");

        assertThat(status(run)).containsEntry("status", "QUEUED").containsEntry("attempt", 0);
        assertThat(status(run).get("worker")).isNull();
    }

    @Test
    void aCancelThatReachedTheDatabaseBeforeTheHandBackWins() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        queue.saveCheckpoint(run, "w", new BytesCheckpoint(0, 2, new byte[] {7}));
        post("/api/runs/" + run + "/cancel");

        queue.requeue(run, "w");

        assertThat(status(run)).containsEntry("status", "CANCELLED").containsEntry("worker", "w");
        assertThat(status(run).get("finished_at")).isNotNull();
        assertThat(queue.claim("next", CPU, LEASE)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_checkpoints WHERE run_id = ?", Integer.class, run))
                .isZero();
    }

    @Test
    void progressAnswersCancelRequestsAndLostOwnership() {
        UUID run = queueRuns(1, 1, "auto").get(0);
        queue.claim("w", CPU, LEASE);
        BatchProgress progress = new BatchProgress(0, 3, 10, 120.5);

        assertThat(queue.recordProgress(run, "w", progress, 42, "training", LEASE)).isEqualTo(Holding.HELD);
        post("/api/runs/" + run + "/cancel");
        assertThat(queue.recordProgress(run, "w", progress, 42, "training", LEASE)).isEqualTo(Holding.CANCEL_REQUESTED);
        assertThat(queue.recordProgress(run, "someone-else", progress, 42, "training", LEASE)).isEqualTo(Holding.LOST);
        assertThat(queue.recordPhase(run, "w", "downloading x: 5 %", LEASE)).isEqualTo(Holding.CANCEL_REQUESTED);
        assertThat(status(run)).containsEntry("progress_batch", 3).containsEntry("images_per_second", 120.5)
                .containsEntry("eta_seconds", 42.0).containsEntry("phase", "downloading x: 5 %");
    }

    @Test
    void queueStatsCountQueuedRunsAndTheOldestWait() {
        queueRuns(2, 3, "auto");

        QueueStats stats = queue.stats();

        assertThat(stats.queued()).isEqualTo(6);
        assertThat(stats.oldestQueuedSeconds()).isGreaterThanOrEqualTo(0.0);
    }

    private List<UUID> queueRuns(int variants, int seeds, String device) {
        ExperimentSpec spec = new ExperimentSpec(null, "synthetic", 16, 1, 8, null, null, null, null, null, device,
                IntStream.range(0, variants).mapToObj(i -> new VariantSpec("v" + i, 1.0)).toList(),
                IntStream.range(0, seeds).mapToObj(i -> (long) i).toList(), null, null, null, null, null, null, null, null,
                null, null);
        return experiments.create(spec).runs().stream().map(run -> run.getId()).toList();
    }

    private Instant leaseOf(UUID run) {
        return jdbc.queryForObject("SELECT lease_until FROM runs WHERE id = ?", java.sql.Timestamp.class, run)
                .toInstant();
    }

    private void expireLease(UUID run) {
        jdbc.update("UPDATE runs SET lease_until = now() - interval '1 second' WHERE id = ?", run);
    }

    private Map<String, Object> status(UUID run) {
        return jdbc.queryForMap("SELECT * FROM runs WHERE id = ?", run);
    }

    /** Runs {@code work} while a trigger runs {@code plpgsql} before each checkpoint chunk is inserted. */
    private <T> T whileCheckpointChunksAreInserted(String plpgsql, Callable<T> work) throws Exception {
        jdbc.execute("""
                CREATE FUNCTION on_checkpoint_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    %s
                    RETURN NEW;
                END $$""".formatted(plpgsql));
        jdbc.execute("CREATE TRIGGER on_checkpoint_chunk BEFORE INSERT ON checkpoint_chunks FOR EACH ROW "
                + "EXECUTE FUNCTION on_checkpoint_chunk()");
        try {
            return work.call();
        } finally {
            jdbc.execute("DROP TRIGGER on_checkpoint_chunk ON checkpoint_chunks");
            jdbc.execute("DROP FUNCTION on_checkpoint_chunk");
        }
    }

    private int versionsOf(UUID run) {
        return jdbc.queryForObject("SELECT count(*) FROM checkpoint_versions WHERE run_id = ?", Integer.class, run);
    }

    private List<Integer> epochsOf(UUID run) {
        return jdbc.queryForList("SELECT epoch FROM epoch_metrics WHERE run_id = ? ORDER BY epoch", Integer.class, run);
    }

    private static EpochResult epoch(int epoch) {
        return new EpochResult(epoch, 1.0, 1.1, 1.2, 0.5, 3.0);
    }

    /** A checkpoint of given bytes: the store keeps whatever a trainer writes. */
    private record BytesCheckpoint(int epoch, int batch, byte[] bytes) implements Checkpoint {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }
}
