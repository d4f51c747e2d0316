package dev.initlab.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.initlab.training.Checkpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs' checkpoints in PostgreSQL, so that any instance sharing only the database can continue any
 * run. A checkpoint (about 80 MB for ResNet18 with Adam, deflated) is written as a new version, rows of
 * a few MiB in a transaction of its own that locks no run, and becomes the run's checkpoint only when
 * the short transaction that stores its epoch points at it ({@link #makeCurrent}). A database trigger
 * deletes a run's versions when it ends; versions nobody points at are deleted by their writer or, if
 * it died, by {@link #deleteAbandoned}.
 */
@Repository
public class CheckpointStore {

    static final int CHUNK_BYTES = 8 << 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    CheckpointStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Writes the checkpoint as a new version, whole or not at all, and answers its id. The run's row is
     * not locked (its foreign key takes only a key-share lock, which no update of the run waits for).
     */
    UUID write(UUID runId, String workerId, Checkpoint checkpoint) {
        UUID version = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO checkpoint_versions (id, run_id, worker, bytes) VALUES (?, ?, ?, 0)", version, runId,
                    workerId);
            try (ChunkWriter out = new ChunkWriter(version)) {
                checkpoint.writeTo(out);
                out.flush();
                jdbc.update("UPDATE checkpoint_versions SET bytes = ? WHERE id = ?", out.written, version);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the checkpoint of run " + runId + ": " + e.getMessage(), e);
            }
        });
        return version;
    }

    /**
     * Makes a written version the run's checkpoint. Call it inside the transaction that proves the run is
     * still the caller's.
     */
    void makeCurrent(UUID runId, UUID version, Checkpoint checkpoint) {
        jdbc.update("""
                        INSERT INTO run_checkpoints (run_id, version_id, epoch, batch) VALUES (?, ?, ?, ?)
                        ON CONFLICT (run_id) DO UPDATE SET version_id = excluded.version_id, epoch = excluded.epoch,
                            batch = excluded.batch, created_at = now()""",
                runId, version, checkpoint.epoch(), checkpoint.batch());
    }

    /** Deletes the run's versions that are not its checkpoint: the one just superseded, or one never made current. */
    void deleteUnused(UUID runId) {
        jdbc.update("""
                DELETE FROM checkpoint_versions v
                WHERE v.run_id = ? AND NOT EXISTS (SELECT 1 FROM run_checkpoints c WHERE c.version_id = v.id)""",
                runId);
    }

    /**
     * Deletes versions that no run points at and that are older than {@code age}: their writer died, or the
     * database went away, between writing them and making them current. Answers how many.
     */
    int deleteAbandoned(Duration age) {
        return jdbc.update("""
                DELETE FROM checkpoint_versions v
                WHERE v.created_at < now() - make_interval(secs => ?)
                  AND NOT EXISTS (SELECT 1 FROM run_checkpoints c WHERE c.version_id = v.id)""",
                age.toMillis() / 1000.0);
    }

    /** The run's checkpoint, read one chunk at a time as the stream is consumed; empty if it has none. */
    InputStream open(UUID runId) {
        List<UUID> current = jdbc.queryForList("SELECT version_id FROM run_checkpoints WHERE run_id = ?", UUID.class,
                runId);
        return current.isEmpty() ? InputStream.nullInputStream() : new ChunkReader(current.get(0));
    }

    /** Buffers a chunk's bytes and inserts each full chunk as a row. */
    private final class ChunkWriter extends OutputStream {

        private final UUID version;
        private final byte[] buffer = new byte[CHUNK_BYTES];
        private int filled;
        private int chunk;
        long written;

        ChunkWriter(UUID version) {
            this.version = version;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int taken = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, taken);
                filled += taken;
                offset += taken;
                length -= taken;
                written += taken;
                if (filled == buffer.length) {
                    flush();
                }
            }
        }

        @Override
        public void flush() {
            if (filled > 0) {
                jdbc.update("INSERT INTO checkpoint_chunks (version_id, chunk, data) VALUES (?, ?, ?)",
                        version, chunk++, Arrays.copyOf(buffer, filled));
                filled = 0;
            }
        }
    }

    /** Fetches the next chunk when the one in hand is used up; ends after the last. */
    private final class ChunkReader extends InputStream {

        private final UUID version;
        private byte[] current = new byte[0];
        private int position;
        private int nextChunk;
        private boolean ended;

        ChunkReader(UUID version) {
            this.version = version;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended || !fetchNextChunk()) {
                    return -1;
                }
            }
            int taken = Math.min(length, current.length - position);
            System.arraycopy(current, position, bytes, offset, taken);
            position += taken;
            return taken;
        }

        private boolean fetchNextChunk() {
            List<byte[]> rows = jdbc.query("SELECT data FROM checkpoint_chunks WHERE version_id = ? AND chunk = ?",
                    (rs, i) -> rs.getBytes(1), version, nextChunk);
            if (rows.isEmpty()) {
                ended = true;
                return false;
            }
            nextChunk++;
            current = rows.get(0);
            position = 0;
            return true;
        }
    }
}
