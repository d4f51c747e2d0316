package dev.initlab.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.initlab.training.Checkpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Runs' checkpoints in PostgreSQL, so that any instance sharing only the database can continue any
 * run. A checkpoint (about 140 MB for ResNet18 with Adam) is stored as rows of a few MiB, written and
 * read one chunk at a time; a database trigger deletes it when its run ends.
 */
@Repository
public class CheckpointStore {

    static final int CHUNK_BYTES = 8 << 20;

    private final JdbcTemplate jdbc;

    CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Replaces the run's checkpoint and answers its size in bytes. Call it inside the transaction that
     * proves the run is still the caller's, so that a checkpoint is stored whole or not at all.
     */
    long replace(UUID runId, Checkpoint checkpoint) {
        jdbc.update("DELETE FROM run_checkpoints WHERE run_id = ?", runId);
        jdbc.update("INSERT INTO run_checkpoints (run_id, epoch, batch, bytes) VALUES (?, ?, ?, 0)",
                runId, checkpoint.epoch(), checkpoint.batch());
        try (ChunkWriter out = new ChunkWriter(runId)) {
            checkpoint.writeTo(out);
            out.flush();
            jdbc.update("UPDATE run_checkpoints SET bytes = ? WHERE run_id = ?", out.written, runId);
            return out.written;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the checkpoint of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The run's checkpoint, read one chunk at a time as the stream is consumed. */
    InputStream open(UUID runId) {
        return new ChunkReader(runId);
    }

    /** Buffers a chunk's bytes and inserts each full chunk as a row. */
    private final class ChunkWriter extends OutputStream {

        private final UUID runId;
        private final byte[] buffer = new byte[CHUNK_BYTES];
        private int filled;
        private int chunk;
        long written;

        ChunkWriter(UUID runId) {
            this.runId = runId;
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
                jdbc.update("INSERT INTO run_checkpoint_chunks (run_id, chunk, data) VALUES (?, ?, ?)",
                        runId, chunk++, Arrays.copyOf(buffer, filled));
                filled = 0;
            }
        }
    }

    /** Fetches the next chunk when the one in hand is used up; ends after the last. */
    private final class ChunkReader extends InputStream {

        private final UUID runId;
        private byte[] current = new byte[0];
        private int position;
        private int nextChunk;
        private boolean ended;

        ChunkReader(UUID runId) {
            this.runId = runId;
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
            List<byte[]> rows = jdbc.query("SELECT data FROM run_checkpoint_chunks WHERE run_id = ? AND chunk = ?",
                    (rs, i) -> rs.getBytes(1), runId, nextChunk);
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
