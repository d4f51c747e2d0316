package dev.initlab.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import dev.initlab.database.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims per second against PostgreSQL: fills the queue, then 1 and then 4 threads claim until it
 * is empty. Uses the embedded database unless SPRING_DATASOURCE_URL names a server.
 * Run: {@code ./mvnw -q -Pbenchmark exec:exec -Dbench.main=dev.initlab.queue.ClaimBenchmark -Dbench.args=2000}
 */
public final class ClaimBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 2000;
        Path dataDir = Files.createTempDirectory("claim-benchmark");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("pg"));
             HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(System.getenv().getOrDefault("SPRING_DATASOURCE_URL", database.jdbcUrl()));
            dataSource.setUsername(System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"));
            dataSource.setPassword(System.getenv("SPRING_DATASOURCE_PASSWORD"));
            dataSource.setMaximumPoolSize(8);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            RunQueue queue = new RunQueue(jdbc, new CheckpointStore(jdbc));
            for (int threads : new int[]{1, 4}) {
                fill(jdbc, runs);
                double seconds = claimAll(queue, transactions, threads);
                System.out.printf("claimers=%d runs=%d seconds=%.2f claims_per_second=%.0f%n",
                        threads, runs, seconds, runs / seconds);
            }
        }
    }

    private static double claimAll(RunQueue queue, TransactionTemplate transactions, int threads) throws Exception {
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            String worker = "bench-" + i;
            pool.submit(() -> {
                while (transactions.execute(status -> queue.claim(worker, new WorkerDevice("cpu"), Duration.ofMinutes(1)))
                        .isPresent()) {
                    claimed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void fill(JdbcTemplate jdbc, int runs) {
        UUID experiment = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO experiments (id, name, dataset, image_size, epochs, batch_size, lr_max, weight_decay, head,
                    device, adam_beta2, adam_eps, momentum_high, momentum_low, pct_start, div_factor, final_div_factor)
                VALUES (?, 'claim benchmark', 'synthetic', 16, 1, 8, 0.001, 0.01, 'fastai', 'auto',
                    0.99, 1e-5, 0.95, 0.85, 0.25, 25, 1e5)""", experiment);
        Long variant = jdbc.queryForObject("""
                INSERT INTO variants (experiment_id, position, name, bn2_gamma) VALUES (?, 0, 'one-init', 1)
                RETURNING id""", Long.class, experiment);
        jdbc.update("""
                INSERT INTO runs (id, experiment_id, variant_id, seed)
                SELECT gen_random_uuid(), ?, ?, s FROM generate_series(0, ? - 1) s""", experiment, variant, runs);
    }
}
