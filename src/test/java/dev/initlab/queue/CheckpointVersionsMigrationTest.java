package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.UUID;

import javax.sql.DataSource;

import dev.initlab.support.IntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** V6 turns each checkpoint stored before it into its run's first version, bytes intact. */
class CheckpointVersionsMigrationTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aCheckpointStoredBeforeVersionsIsReadBackWholeAfterTheMigration() throws Exception {
        String schema = "before_v6_" + Long.toHexString(System.nanoTime());
        try (SingleConnectionDataSource connection = new SingleConnectionDataSource(dataSource.getConnection(), true)) {
            Flyway.configure().dataSource(connection).schemas(schema).locations("classpath:db/migration").target("5")
                    .load().migrate();
            JdbcTemplate old = new JdbcTemplate(connection);
            old.execute("SET search_path TO " + schema);
            UUID run = BenchmarkDatabase.queueRuns(old, 1).get(0);
            byte[] first = {1, 2, 3};
            byte[] second = {4, 5};
            old.update("INSERT INTO run_checkpoints (run_id, epoch, batch, bytes) VALUES (?, 2, 7, 5)", run);
            old.update("INSERT INTO run_checkpoint_chunks (run_id, chunk, data) VALUES (?, 0, ?), (?, 1, ?)",
                    run, first, run, second);

            Flyway.configure().dataSource(connection).schemas(schema).locations("classpath:db/migration").load()
                    .migrate();

            old.execute("SET search_path TO " + schema);
            assertThat(old.queryForMap("""
                    SELECT c.epoch, c.batch, v.bytes FROM run_checkpoints c JOIN checkpoint_versions v ON v.id = c.version_id
                    WHERE c.run_id = ?""", run)).containsEntry("epoch", 2).containsEntry("batch", 7)
                    .containsEntry("bytes", 5L);
            CheckpointStore store = new CheckpointStore(old, new DataSourceTransactionManager(connection));
            try (InputStream in = store.open(run)) {
                assertThat(in.readAllBytes()).containsExactly(1, 2, 3, 4, 5);
            }
            old.execute("SET search_path TO public");
            old.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
