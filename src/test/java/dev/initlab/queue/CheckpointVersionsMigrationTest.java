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
            UUID run = queueOneRun(old);
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

    private static UUID queueOneRun(JdbcTemplate jdbc) {
        UUID experiment = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO experiments (id, name, dataset, image_size, epochs, batch_size, lr_max, weight_decay, head,
                    device, adam_beta2, adam_eps, momentum_high, momentum_low, pct_start, div_factor, final_div_factor)
                VALUES (?, 'old', 'synthetic', 16, 3, 8, 0.001, 0.01, 'fastai', 'auto',
                    0.99, 1e-5, 0.95, 0.85, 0.25, 25, 1e5)""", experiment);
        Long variant = jdbc.queryForObject("""
                INSERT INTO variants (experiment_id, position, name, bn2_gamma) VALUES (?, 0, 'one-init', 1)
                RETURNING id""", Long.class, experiment);
        UUID run = UUID.randomUUID();
        jdbc.update("INSERT INTO runs (id, experiment_id, variant_id, seed) VALUES (?, ?, ?, 0)", run, experiment,
                variant);
        return run;
    }
}
