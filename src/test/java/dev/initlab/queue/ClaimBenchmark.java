package dev.initlab.queue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Claims per second against PostgreSQL: fills the queue, then 1 and then 4 threads claim until it
 * is empty. Uses the embedded database unless SPRING_DATASOURCE_URL names a server.
 * Run: {@code ./mvnw -q -Pbenchmark exec:exec -Dbench.main=dev.initlab.queue.ClaimBenchmark -Dbench.args=2000}
 */
public final class ClaimBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 2000;
        try (BenchmarkDatabase database = new BenchmarkDatabase()) {
            for (int threads : new int[]{1, 4}) {
                database.queueRuns(runs);
                double seconds = claimAll(database, threads);
                System.out.printf("claimers=%d runs=%d seconds=%.2f claims_per_second=%.0f%n",
                        threads, runs, seconds, runs / seconds);
            }
        }
    }

    private static double claimAll(BenchmarkDatabase database, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            String worker = "bench-" + i;
            pool.submit(() -> {
                boolean claimed;
                do {
                    claimed = database.transactions.execute(status -> database.queue.claim(worker,
                            new WorkerDevice("cpu"), Duration.ofMinutes(1))).isPresent();
                } while (claimed);
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return (System.nanoTime() - start) / 1e9;
    }
}
