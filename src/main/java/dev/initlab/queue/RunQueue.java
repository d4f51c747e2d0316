package dev.initlab.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.initlab.experiment.Recipe;
import dev.initlab.experiment.RunStatus;
import dev.initlab.training.BatchProgress;
import dev.initlab.training.Checkpoint;
import dev.initlab.training.EpochResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The run queue is the {@code runs} table: claims take the oldest queued run with
 * {@code FOR NO KEY UPDATE SKIP LOCKED}, so any number of workers in any number of processes can share it.
 * Every write of a worker names the worker and succeeds only while the run is still its own.
 */
@Repository
public class RunQueue {

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);

    private final JdbcTemplate jdbc;
    private final CheckpointStore checkpoints;
    private final TransactionTemplate transactions;

    RunQueue(JdbcTemplate jdbc, CheckpointStore checkpoints, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Marks the oldest queued run this device may take as RUNNING for {@code workerId}. A run that has
     * a checkpoint continues from it: the epochs stored before the checkpoint stay as they are, and
     * those after it, from an attempt that died before its next checkpoint, go in the same transaction.
     */
    @Transactional
    public Optional<ClaimedRun> claim(String workerId, WorkerDevice device, Duration lease) {
        List<UUID> claimed = jdbc.queryForList("""
                        UPDATE runs r SET status = 'RUNNING', worker = ?, device = ?, started_at = now(),
                               lease_until = now() + make_interval(secs => ?), finished_at = NULL, error = NULL,
                               resumed_from_epoch = c.epoch, resumed_from_batch = c.batch,
                               progress_epoch = coalesce(c.epoch, 0), progress_batch = coalesce(c.batch, 0),
                               batches_per_epoch = NULL, images_per_second = NULL, eta_seconds = NULL,
                               phase = 'preparing data', progress_updated_at = now()
                        FROM (SELECT q.id FROM runs q JOIN experiments e ON e.id = q.experiment_id
                              WHERE q.status = 'QUEUED' AND (e.device = 'auto' OR e.device = ? OR e.device = ?)
                              ORDER BY q.queue_order
                              LIMIT 1
                              FOR NO KEY UPDATE OF q SKIP LOCKED) next
                        LEFT JOIN run_checkpoints c ON c.run_id = next.id
                        WHERE r.id = next.id
                        RETURNING r.id""",
                UUID.class, workerId, device.name(), lease.toMillis() / 1000.0, device.kind(), device.name());
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        UUID runId = claimed.get(0);
        jdbc.update("""
                        DELETE FROM epoch_metrics
                        WHERE run_id = ? AND epoch >= coalesce((SELECT epoch FROM run_checkpoints WHERE run_id = ?), 0)""",
                runId, runId);
        return Optional.of(jdbc.queryForObject("""
                SELECT r.id, r.experiment_id, v.name AS variant, v.bn2_gamma, r.seed, r.attempt, r.resumed_from_epoch,
                       r.resumed_from_batch, e.dataset, e.image_size, e.epochs, e.batch_size, e.lr_max, e.weight_decay,
                       e.head, e.train_limit, e.valid_limit, e.device, e.adam_beta2, e.adam_eps, e.momentum_high,
                       e.momentum_low, e.pct_start, e.div_factor, e.final_div_factor
                FROM runs r JOIN variants v ON v.id = r.variant_id JOIN experiments e ON e.id = r.experiment_id
                WHERE r.id = ?""", RunQueue::claimedRun, runId));
    }

    /**
     * Extends the leases of the runs this instance's workers hold, each only while the worker named
     * beside it still owns it, and answers which of them the users asked to cancel. A run missing from
     * {@code stillHeld} was taken back by a reaper or ended by the watchdog.
     *
     * <p>A run whose row is locked (its worker storing an epoch, a user cancelling it) is skipped rather than
     * waited for, until the next heartbeat: the other runs' leases must not wait on one run. Row locks are
     * {@code FOR NO KEY UPDATE} throughout, which a checkpoint being written (a key-share lock through its
     * foreign key) never blocks.
     */
    @Transactional
    public LeaseRenewal renewLeases(Collection<RunClaim> claims, String instance, Duration lease) {
        jdbc.update("UPDATE workers SET seen_at = now() WHERE instance = ?", instance);
        if (claims.isEmpty()) {
            return new LeaseRenewal(Set.of(), Set.of());
        }
        UUID[] ids = claims.stream().map(RunClaim::runId).toArray(UUID[]::new);
        String[] workers = claims.stream().map(RunClaim::workerId).toArray(String[]::new);
        List<Object[]> stillHeld = jdbc.query("""
                        SELECT r.id, r.worker, r.cancel_requested
                        FROM runs r JOIN unnest(?::uuid[], ?::varchar[]) AS held (id, worker)
                            ON r.id = held.id AND r.worker = held.worker
                        WHERE r.status = 'RUNNING' AND r.lease_until >= now()""",
                (rs, i) -> new Object[]{rs.getObject("id", UUID.class), rs.getString("worker"),
                        rs.getBoolean("cancel_requested")},
                ids, workers);
        jdbc.update("""
                        UPDATE runs SET lease_until = now() + make_interval(secs => ?)
                        WHERE id IN (SELECT r.id
                                     FROM runs r JOIN unnest(?::uuid[], ?::varchar[]) AS held (id, worker)
                                         ON r.id = held.id AND r.worker = held.worker
                                     WHERE r.status = 'RUNNING' AND r.lease_until >= now()
                                     ORDER BY r.id
                                     FOR NO KEY UPDATE OF r SKIP LOCKED)""",
                lease.toMillis() / 1000.0, ids, workers);
        return LeaseRenewal.of(stillHeld);
    }

    /** Writes where the run stands; answers whether it is still ours and whether the user asked to cancel it. */
    public Holding recordProgress(UUID runId, String workerId, BatchProgress progress, double etaSeconds,
                                   String phase, Duration lease) {
        return holding(jdbc.queryForList("""
                        UPDATE runs SET progress_epoch = ?, progress_batch = ?, batches_per_epoch = ?,
                               images_per_second = ?, eta_seconds = ?, phase = ?, progress_updated_at = now(),
                               lease_until = now() + make_interval(secs => ?)
                        WHERE id = ? AND worker = ? AND status = 'RUNNING' AND lease_until >= now()
                        RETURNING cancel_requested""",
                Boolean.class, progress.epoch(), progress.batch(), progress.batchesPerEpoch(),
                progress.imagesPerSecond(), etaSeconds, phase, lease.toMillis() / 1000.0, runId, workerId));
    }

    /** Writes what the run is doing before or between its batches (a download, the cache); answers as {@link #recordProgress}. */
    public Holding recordPhase(UUID runId, String workerId, String phase, Duration lease) {
        return holding(jdbc.queryForList("""
                        UPDATE runs SET phase = ?, progress_updated_at = now(), lease_until = now() + make_interval(secs => ?)
                        WHERE id = ? AND worker = ? AND status = 'RUNNING' AND lease_until >= now()
                        RETURNING cancel_requested""",
                Boolean.class, phase, lease.toMillis() / 1000.0, runId, workerId));
    }

    /** {@code cancelRequested}: what an UPDATE … RETURNING cancel_requested found, no row when the run is not ours. */
    private static Holding holding(List<Boolean> cancelRequested) {
        return cancelRequested.isEmpty() ? Holding.LOST : Holding.held(cancelRequested.get(0));
    }

    /**
     * Stores one finished epoch and the progress it implies, and the checkpoint after it when one is
     * given; false if the run is no longer ours. The checkpoint's bytes are written first, locking nothing;
     * the epoch and the switch to the new checkpoint then take one short transaction. An epoch stored
     * before replaces the old one: a run whose checkpoint could not be used trains again from the start.
     */
    public boolean recordEpoch(UUID runId, String workerId, EpochResult epoch, Checkpoint checkpoint) {
        return storeHolding(runId, workerId, checkpoint, () -> {
            jdbc.update("UPDATE runs SET progress_epoch = ?, progress_batch = 0, progress_updated_at = now() WHERE id = ?",
                    epoch.epoch() + 1, runId);
            jdbc.update("""
                            INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (run_id, epoch) DO UPDATE SET train_loss = excluded.train_loss,
                                train_loss_mean = excluded.train_loss_mean, valid_loss = excluded.valid_loss,
                                accuracy = excluded.accuracy, seconds = excluded.seconds""",
                    runId, epoch.epoch(), epoch.trainLoss(), epoch.trainLossMean(), epoch.validLoss(), epoch.accuracy(),
                    epoch.seconds());
        });
    }

    /** Stores a checkpoint of a run this worker still holds (before handing it back); false if it is no longer ours. */
    public boolean saveCheckpoint(UUID runId, String workerId, Checkpoint checkpoint) {
        return storeHolding(runId, workerId, checkpoint, () -> { });
    }

    /**
     * Writes the checkpoint's bytes, if any, then runs {@code writes} and makes the checkpoint the run's in one
     * short transaction that holds the run's row, only while {@code workerId} holds the run. The superseded
     * version, or ours if the run was taken from us meanwhile, is deleted after.
     */
    private boolean storeHolding(UUID runId, String workerId, Checkpoint checkpoint, Runnable writes) {
        if (checkpoint != null && !holds(runId, workerId, false)) {
            return false;
        }
        UUID version = checkpoint == null ? null : checkpoints.write(runId, workerId, checkpoint);
        boolean held = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!holds(runId, workerId, true)) {
                return false;
            }
            writes.run();
            if (version != null) {
                checkpoints.makeCurrent(runId, version, checkpoint);
            }
            return true;
        }));
        if (version != null) {
            try {
                checkpoints.deleteUnused(runId);
            } catch (DataAccessException e) {
                log.info("Run {}: an unused checkpoint stays until the reaper deletes it ({})", runId, e.getMessage());
            }
        }
        return held;
    }

    /** Whether {@code workerId} still holds the run, its lease unexpired; with {@code lock}, the row stays locked
     * while the caller's transaction lasts. */
    private boolean holds(UUID runId, String workerId, boolean lock) {
        return !jdbc.queryForList("SELECT id FROM runs WHERE id = ? AND worker = ? AND status = 'RUNNING' "
                        + "AND lease_until >= now()" + (lock ? " FOR NO KEY UPDATE" : ""),
                UUID.class, runId, workerId).isEmpty();
    }

    /** Ends a run this worker holds as SUCCEEDED, FAILED or CANCELLED; false if it no longer holds it. */
    public boolean finish(UUID runId, String workerId, RunStatus status, String error) {
        if (!status.isFinished()) {
            throw new IllegalArgumentException("a run cannot finish as " + status);
        }
        return jdbc.update("""
                        UPDATE runs SET status = ?, error = ?, finished_at = now(), lease_until = NULL, eta_seconds = NULL,
                               phase = NULL
                        WHERE id = ? AND worker = ? AND status = 'RUNNING' AND lease_until >= now()""",
                status.name(), error, runId, workerId) > 0;
    }

    /**
     * Gives a run back, on a normal shutdown or when its lease expired and no reaper took it yet: queued
     * again at once, to continue from its checkpoint if it has one, no attempt counted. A cancel that
     * reached the database first wins, whatever the worker last heard: the run ends CANCELLED, as the
     * reaper would end it. False if the run was no longer this worker's.
     */
    public boolean requeue(UUID runId, String workerId) {
        return jdbc.update("""
                        UPDATE runs SET status = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
                               worker = CASE WHEN cancel_requested THEN worker END,
                               device = CASE WHEN cancel_requested THEN device END,
                               started_at = CASE WHEN cancel_requested THEN started_at END,
                               finished_at = CASE WHEN cancel_requested THEN now() END,
                               lease_until = NULL, eta_seconds = NULL, phase = NULL
                        WHERE id = ? AND worker = ? AND status = 'RUNNING'""",
                runId, workerId) > 0;
    }

    /**
     * Runs whose lease expired lost their worker: back to the queue with one more attempt counted, or
     * FAILED after the last attempt, or CANCELLED if the user had asked for that. Returns how many.
     */
    @Transactional
    public int reapExpiredLeases(int maxAttempts) {
        return jdbc.update("""
                        UPDATE runs SET
                            attempt = attempt + 1,
                            status = CASE WHEN cancel_requested THEN 'CANCELLED'
                                          WHEN attempt + 1 >= ? THEN 'FAILED' ELSE 'QUEUED' END,
                            error = CASE WHEN cancel_requested THEN NULL
                                         WHEN attempt + 1 >= ? THEN 'worker lost: ' || worker || ' stopped renewing its lease; '
                                              || (attempt + 1) || ' of ' || ? || ' attempts used'
                                         ELSE NULL END,
                            finished_at = CASE WHEN cancel_requested OR attempt + 1 >= ? THEN now() ELSE NULL END,
                            worker = CASE WHEN cancel_requested OR attempt + 1 >= ? THEN worker ELSE NULL END,
                            lease_until = NULL, eta_seconds = NULL, phase = NULL
                        WHERE id IN (SELECT id FROM runs WHERE status = 'RUNNING' AND lease_until < now()
                                     FOR NO KEY UPDATE SKIP LOCKED)""",
                maxAttempts, maxAttempts, maxAttempts, maxAttempts, maxAttempts);
    }

    /**
     * Deletes checkpoint versions that no run points at, older than {@code age}: their writer died, or lost
     * the database, between writing them and making them current. Answers how many.
     */
    public int deleteAbandonedCheckpoints(Duration age) {
        return checkpoints.deleteAbandoned(age);
    }

    public QueueStats stats() {
        return jdbc.queryForObject("""
                SELECT count(*) AS queued, extract(epoch FROM now() - min(created_at))::float8 AS oldest_age
                FROM runs WHERE status = 'QUEUED'""",
                (rs, i) -> new QueueStats(rs.getLong("queued"), (Double) rs.getObject("oldest_age")));
    }

    private static ClaimedRun claimedRun(ResultSet rs, int row) throws SQLException {
        Recipe recipe = new Recipe(rs.getString("dataset"), rs.getInt("image_size"), rs.getInt("epochs"),
                rs.getInt("batch_size"), rs.getDouble("lr_max"), rs.getDouble("weight_decay"), rs.getString("head"),
                (Integer) rs.getObject("train_limit"), (Integer) rs.getObject("valid_limit"), rs.getString("device"),
                rs.getDouble("adam_beta2"), rs.getDouble("adam_eps"), rs.getDouble("momentum_high"),
                rs.getDouble("momentum_low"), rs.getDouble("pct_start"), rs.getDouble("div_factor"),
                rs.getDouble("final_div_factor"));
        Integer resumeEpoch = (Integer) rs.getObject("resumed_from_epoch");
        ClaimedRun.ResumePoint resumeFrom = resumeEpoch == null ? null
                : new ClaimedRun.ResumePoint(resumeEpoch, rs.getInt("resumed_from_batch"));
        return new ClaimedRun(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                rs.getString("variant"), rs.getDouble("bn2_gamma"), rs.getLong("seed"), rs.getInt("attempt"), recipe,
                resumeFrom);
    }
}
