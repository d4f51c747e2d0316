package dev.initlab.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.initlab.database.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A migrated PostgreSQL for the queue's benchmarks: the embedded one in a fresh folder, or the server
 * that SPRING_DATASOURCE_URL names.
 */
final class BenchmarkDatabase implements AutoCloseable {

    final JdbcTemplate jdbc;
    final TransactionTemplate transactions;
    final RunQueue queue;
    final CheckpointStore checkpoints;
    private final EmbeddedDatabase database;
    private final HikariDataSource dataSource = new HikariDataSource();

    BenchmarkDatabase() throws IOException {
        database = EmbeddedDatabase.start(Files.createTempDirectory("queue-benchmark").resolve("pg"));
        if (System.getenv("SPRING_DATASOURCE_URL") == null) {
            dataSource.setJdbcUrl(database.jdbcUrl());
            dataSource.setUsername(database.username());
            dataSource.setPassword(database.password());
        } else {
            dataSource.setJdbcUrl(System.getenv("SPRING_DATASOURCE_URL"));
            dataSource.setUsername(System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"));
            dataSource.setPassword(System.getenv("SPRING_DATASOURCE_PASSWORD"));
        }
        dataSource.setMaximumPoolSize(8);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(transactionManager);
        checkpoints = new CheckpointStore(jdbc, transactionManager);
        queue = new RunQueue(jdbc, checkpoints, transactionManager);
    }

    /** Queues {@code runs} runs of one tiny synthetic experiment. */
    void queueRuns(int runs) {
        queueRuns(jdbc, runs);
    }

    /**
     * Queues {@code runs} runs of one tiny synthetic experiment through plain SQL, on any schema since V1's; answers
     * their ids in order of seed.
     */
    static List<UUID> queueRuns(JdbcTemplate jdbc, int runs) {
        UUID experiment = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO experiments (id, name, dataset, image_size, epochs, batch_size, lr_max, weight_decay, head,
                    device, adam_beta2, adam_eps, momentum_high, momentum_low, pct_start, div_factor, final_div_factor)
                VALUES (?, 'benchmark', 'synthetic', 16, 1, 8, 0.001, 0.01, 'fastai', 'auto',
                    0.99, 1e-5, 0.95, 0.85, 0.25, 25, 1e5)""", experiment);
        Long variant = jdbc.queryForObject("""
                INSERT INTO variants (experiment_id, position, name, bn2_gamma) VALUES (?, 0, 'one-init', 1)
                RETURNING id""", Long.class, experiment);
        return jdbc.queryForList("""
                INSERT INTO runs (id, experiment_id, variant_id, seed)
                SELECT gen_random_uuid(), ?, ?, s FROM generate_series(0, ? - 1) s
                RETURNING id""", UUID.class, experiment, variant, runs);
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        database.close();
    }
}
