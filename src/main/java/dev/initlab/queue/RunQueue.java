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
import dev.initlab.training.BatchProgress;
import dev.initlab.training.EpochMetrics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The run queue is the {@code runs} table: claims take the oldest queued run with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of workers in any number of processes can share it.
 * Every write of a worker names the worker and succeeds only while the run is still its own.
 */
@Repository
public class RunQueue {

    private final JdbcTemplate jdbc;

    RunQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Marks the oldest queued run this device may take as RUNNING for {@code workerId}. A run that was
     * started before by a worker that died starts again from epoch 0: its partial epochs go in the
     * same transaction, so the stored epochs are always those of one complete attempt.
     */
    @Transactional
    public Optional<ClaimedRun> claim(String workerId, WorkerDevice device, Duration lease) {
        List<UUID> claimed = jdbc.queryForList("""
                        UPDATE runs SET status = 'RUNNING', worker = ?, device = ?, started_at = now(),
                               lease_until = now() + make_interval(secs => ?), finished_at = NULL, error = NULL,
                               progress_epoch = 0, progress_batch = 0, batches_per_epoch = NULL,
                               images_per_second = NULL, eta_seconds = NULL, progress_updated_at = now()
                        WHERE id = (
                            SELECT r.id FROM runs r JOIN experiments e ON e.id = r.experiment_id
                            WHERE r.status = 'QUEUED' AND (e.device = 'auto' OR e.device = ? OR e.device = ?)
                            ORDER BY r.queue_order
                            LIMIT 1
                            FOR UPDATE OF r SKIP LOCKED)
                        RETURNING id""",
                UUID.class, workerId, device.name(), lease.toMillis() / 1000.0, device.kind(), device.name());
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        UUID runId = claimed.get(0);
        jdbc.update("DELETE FROM epoch_metrics WHERE run_id = ?", runId);
        return Optional.of(jdbc.queryForObject("""
                SELECT r.id, r.experiment_id, v.name AS variant, v.bn2_gamma, r.seed, r.attempt, e.dataset,
                       e.image_size, e.epochs, e.batch_size, e.lr_max, e.weight_decay, e.head, e.train_limit,
                       e.valid_limit, e.device, e.adam_beta2, e.adam_eps, e.momentum_high, e.momentum_low,
                       e.pct_start, e.div_factor, e.final_div_factor
                FROM runs r JOIN variants v ON v.id = r.variant_id JOIN experiments e ON e.id = r.experiment_id
                WHERE r.id = ?""", RunQueue::claimedRun, runId));
    }

    /**
     * Extends the leases of the runs these workers hold and answers which of them the users asked to
     * cancel. A run missing from {@code stillHeld} was taken back by a reaper.
     */
    @Transactional
    public LeaseRenewal renewLeases(Collection<UUID> runIds, String instance, Duration lease) {
        jdbc.update("UPDATE workers SET seen_at = now() WHERE instance = ?", instance);
        if (runIds.isEmpty()) {
            return new LeaseRenewal(Set.of(), Set.of());
        }
        List<Object[]> rows = jdbc.query("""
                        UPDATE runs SET lease_until = now() + make_interval(secs => ?)
                        WHERE id = ANY(?) AND status = 'RUNNING'
                        RETURNING id, cancel_requested""",
                (rs, i) -> new Object[]{rs.getObject("id", UUID.class), rs.getBoolean("cancel_requested")},
                lease.toMillis() / 1000.0, runIds.toArray(UUID[]::new));
        return LeaseRenewal.of(rows);
    }

    /** Writes where the run stands; answers whether the user asked to cancel it, empty if it is no longer ours. */
    public Optional<Boolean> recordProgress(UUID runId, String workerId, BatchProgress progress, double etaSeconds,
                                            Duration lease) {
        List<Boolean> cancel = jdbc.queryForList("""
                        UPDATE runs SET progress_epoch = ?, progress_batch = ?, batches_per_epoch = ?,
                               images_per_second = ?, eta_seconds = ?, progress_updated_at = now(),
                               lease_until = now() + make_interval(secs => ?)
                        WHERE id = ? AND worker = ? AND status = 'RUNNING'
                        RETURNING cancel_requested""",
                Boolean.class, progress.epoch(), progress.batch(), progress.batchesPerEpoch(),
                progress.imagesPerSecond(), etaSeconds, lease.toMillis() / 1000.0, runId, workerId);
        return cancel.stream().findFirst();
    }

    /** Stores one finished epoch and the progress it implies, in one transaction; false if the run is no longer ours. */
    @Transactional
    public boolean recordEpoch(UUID runId, String workerId, EpochMetrics epoch) {
        int owned = jdbc.update("""
                        UPDATE runs SET progress_epoch = ?, progress_batch = 0, progress_updated_at = now()
                        WHERE id = ? AND worker = ? AND status = 'RUNNING'""",
                epoch.epoch() + 1, runId, workerId);
        if (owned == 0) {
            return false;
        }
        jdbc.update("""
                        INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""",
                runId, epoch.epoch(), epoch.trainLoss(), epoch.trainLossMean(), epoch.validLoss(), epoch.accuracy(),
                epoch.seconds());
        return true;
    }

    /** Ends a run this worker holds as SUCCEEDED, FAILED or CANCELLED. */
    public void finish(UUID runId, String workerId, String status, String error) {
        jdbc.update("""
                        UPDATE runs SET status = ?, error = ?, finished_at = now(), lease_until = NULL, eta_seconds = NULL
                        WHERE id = ? AND worker = ? AND status = 'RUNNING'""",
                status, error, runId, workerId);
    }

    /** Gives a run back on a normal shutdown: queued again at once, no attempt counted. */
    public void requeue(UUID runId, String workerId) {
        jdbc.update("""
                        UPDATE runs SET status = 'QUEUED', worker = NULL, device = NULL, lease_until = NULL,
                               started_at = NULL, eta_seconds = NULL
                        WHERE id = ? AND worker = ? AND status = 'RUNNING'""",
                runId, workerId);
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
                            lease_until = NULL, eta_seconds = NULL
                        WHERE id IN (SELECT id FROM runs WHERE status = 'RUNNING' AND lease_until < now()
                                     FOR UPDATE SKIP LOCKED)""",
                maxAttempts, maxAttempts, maxAttempts, maxAttempts, maxAttempts);
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
        return new ClaimedRun(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                rs.getString("variant"), rs.getDouble("bn2_gamma"), rs.getLong("seed"), rs.getInt("attempt"), recipe);
    }
}
