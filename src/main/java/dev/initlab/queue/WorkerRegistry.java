package dev.initlab.queue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code workers} table: which worker threads of which instances serve the queue, and what they run. */
@Repository
public class WorkerRegistry {

    private final JdbcTemplate jdbc;

    WorkerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void register(String workerId, String instance, WorkerDevice device) {
        jdbc.update("""
                        INSERT INTO workers (id, instance, device) VALUES (?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, device = EXCLUDED.device,
                            current_run = NULL, started_at = now(), seen_at = now()""",
                workerId, instance, device.name());
    }

    void running(String workerId, UUID runId) {
        jdbc.update("UPDATE workers SET current_run = ?, seen_at = now() WHERE id = ?", runId, workerId);
    }

    void deregister(String instance) {
        jdbc.update("DELETE FROM workers WHERE instance = ?", instance);
    }

    /** Rows of processes that stopped renewing long ago (killed, or their machine went away). */
    void forgetSilentSince(Duration silence) {
        jdbc.update("DELETE FROM workers WHERE seen_at < now() - make_interval(secs => ?)", silence.toSeconds());
    }

    /** Workers heard from within {@code recent}, by instance and device. */
    public List<WorkerStatus> live(Duration recent) {
        return jdbc.query("""
                        SELECT id, instance, device, current_run, started_at, seen_at FROM workers
                        WHERE seen_at >= now() - make_interval(secs => ?) ORDER BY instance, id""",
                (rs, i) -> new WorkerStatus(rs.getString("id"), rs.getString("instance"), rs.getString("device"),
                        rs.getObject("current_run", UUID.class), instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("seen_at"))),
                recent.toMillis() / 1000.0);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** One worker thread as the API shows it. */
    public record WorkerStatus(String id, String instance, String device, UUID currentRun, Instant startedAt,
                               Instant seenAt) {
    }
}
