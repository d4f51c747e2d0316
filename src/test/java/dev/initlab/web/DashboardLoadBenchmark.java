package dev.initlab.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.initlab.InitLabApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * How the dashboard holds up when many people open one large experiment at once. Starts InitLab in this
 * process (no workers; the embedded PostgreSQL in a fresh folder, or the server in SPRING_DATASOURCE_URL),
 * seeds with SQL one finished synthetic experiment of 10 gammas × 10 seeds × 100 epochs (10,000 stored
 * epochs) and 60 small ones, and then, for the experiment page, its two data calls (comparison, CSV) and
 * the home page: 20 warm-up requests, the median of 15 sequential ones ("alone"), and 1,000 requests
 * from 32 clients in a closed loop (each sends its next request as soon as its last one is answered)
 * with their p50, p99 and requests per second. A fifth row, a small static file, is the floor that the
 * server and the clients set on this machine; the last repeats the experiment page while a run of it stores an epoch every 200 ms, as a worker would (during all of that row's requests). Every request
 * goes over HTTP/1.1 with keep-alive and {@code Accept-Encoding: gzip}, as a browser sends it; its body
 * is read to the end and discarded; "bytes" is the last sequential answer's body as sent (its
 * Content-Encoding is printed beside it). Any answer but 200 fails the benchmark.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=dev.initlab.web.DashboardLoadBenchmark
 * -Dbench.args="10 10 100"} (the arguments: the large experiment's variants, seeds and epochs, then the
 * concurrent phase's requests and clients; the defaults are 10 10 100 1000 32).
 */
public final class DashboardLoadBenchmark {

    private static final int WARM_UP = 20;
    private static final int ALONE = 15;
    private static final int SMALL_EXPERIMENTS = 60;
    private static final long EPOCH_EVERY_MS = 200;
    private static final String PAGE = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    /** What a page's script (fetch) and curl send. */
    private static final String ANY = "*/*";

    private record Answer(int status, long bytes, String encoding, long nanos) {
    }

    private record Row(String request, long aloneNanos, long p50Nanos, long p99Nanos, double perSecond, long bytes,
                       Set<Integer> failures, int failed) {
    }

    public static void main(String[] args) throws Exception {
        // the benchmark profile hands bench.args over as one argument
        String[] given = String.join(" ", args).trim().split("\\s+");
        int variants = argument(given, 0, 10);
        int seeds = argument(given, 1, 10);
        int epochs = argument(given, 2, 100);
        int requests = argument(given, 3, 1000);
        int clients = argument(given, 4, 32);
        Path dataDir = Files.createTempDirectory("dashboard-load");
        try (ConfigurableApplicationContext app = SpringApplication.run(InitLabApplication.class,
                "--server.port=0", "--initlab.worker.enabled=false", "--initlab.data-dir=" + dataDir)) {
            String url = System.getenv("SPRING_DATASOURCE_URL");
            System.out.println(url != null ? "database: the server in SPRING_DATASOURCE_URL, " + url
                    : "database: embedded PostgreSQL in " + dataDir.resolve("pg"));
            SyntheticData data = new SyntheticData(app.getBean(DataSource.class));
            try {
                run(app, data, variants, seeds, epochs, requests, clients);
            } finally {
                data.deleteSeeded();
            }
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static void run(ConfigurableApplicationContext app, SyntheticData data, int variants, int seeds,
                            int epochs, int requests, int clients) throws Exception {
        long seedingStart = System.nanoTime();
        for (int i = 1; i <= SMALL_EXPERIMENTS; i++) {
            data.seedExperiment("load benchmark: small " + i + " of " + SMALL_EXPERIMENTS + ", 2 gammas × 2 seeds",
                    2, 2, 5, i + 1);
        }
        String name = "load benchmark: " + variants + " gammas × " + seeds + " seeds × " + epochs + " epochs";
        UUID large = data.seedExperiment(name, variants, seeds, epochs, 1);
        System.out.printf("seeded %d small experiments (2 gammas × 2 seeds × 5 epochs) and %s: %,d runs, %,d stored "
                        + "epochs, in %.1f s%n", SMALL_EXPERIMENTS, large, variants * seeds, data.storedEpochs(large),
                (System.nanoTime() - seedingStart) / 1e9);

        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        List<Row> rows = new ArrayList<>();
        rows.add(measure("/experiments/{id}", URI.create(base + "/experiments/" + large), PAGE, requests, clients));
        rows.add(measure("/api/experiments/{id}/comparison", URI.create(base + "/api/experiments/" + large + "/comparison"),
                ANY, requests, clients));
        rows.add(measure("/api/experiments/{id}/metrics?format=csv",
                URI.create(base + "/api/experiments/" + large + "/metrics?format=csv"), ANY, requests, clients));
        rows.add(measure("/", URI.create(base + "/"), PAGE, requests, clients));
        // the floor: a small static file through the same server, filters and clients
        rows.add(measure("/css/initlab.css (a static file)", URI.create(base + "/css/initlab.css"), ANY, requests,
                clients));

        EpochArrivals arrivals = new EpochArrivals(data, large, variants, seeds, epochs);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(arrivals, 0, EPOCH_EVERY_MS, TimeUnit.MILLISECONDS);
        try {
            rows.add(measure("/experiments/{id} (epochs arriving)", URI.create(base + "/experiments/" + large), PAGE,
                    requests, clients));
            if (ticks.isDone()) {
                ticks.get(); // a tick failed, which ended the ticks: say why
            }
        } finally {
            ticker.shutdown();
            ticker.awaitTermination(1, TimeUnit.MINUTES);
        }
        System.out.printf("epochs stored while the last row ran: %d%n", arrivals.stored());

        System.out.printf("%n%d warm-up requests, then alone: median of %d sequential requests; then %,d requests "
                + "from %d clients%n%n", WARM_UP, ALONE, requests, clients);
        System.out.println("| request | alone | " + clients + " clients: p50 / p99 | requests/s | bytes |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Row row : rows) {
            System.out.printf("| %s | %s | %s / %s | %.1f | %,d |%n", row.request(), ms(row.aloneNanos()),
                    ms(row.p50Nanos()), ms(row.p99Nanos()), row.perSecond(), row.bytes());
        }
        List<Row> failed = rows.stream().filter(row -> row.failed() > 0).toList();
        for (Row row : failed) {
            System.out.printf("%s: %d answers were not 200 (statuses %s)%n", row.request(), row.failed(), row.failures());
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("some answers were not 200: the numbers above are not valid");
        }
    }

    /** Warm-up, the median of sequential requests, then {@code requests} from {@code clients} in a closed loop. */
    private static Row measure(String request, URI uri, String accept, int requests, int clients) throws Exception {
        Set<Integer> failures = new ConcurrentSkipListSet<>();
        AtomicInteger failed = new AtomicInteger();
        Browser browser = new Browser(uri, accept);
        for (int i = 0; i < WARM_UP; i++) {
            check(browser.get(), failures, failed);
        }
        long[] alone = new long[ALONE];
        Answer last = null;
        for (int i = 0; i < ALONE; i++) {
            last = check(browser.get(), failures, failed);
            alone[i] = last.nanos();
        }
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        Callable<Void> client = () -> {
            Browser own = new Browser(uri, accept);
            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                latencies[i] = check(own.get(), failures, failed).nanos();
            }
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            for (Future<Void> done : pool.invokeAll(Collections.nCopies(clients, client))) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(alone);
        Arrays.sort(latencies);
        Row row = new Row(request, alone[ALONE / 2], percentile(latencies, 0.50), percentile(latencies, 0.99),
                requests / seconds, last.bytes(), failures, failed.get());
        System.out.printf("%s: alone %s, %d clients p50 %s p99 %s, %.1f requests/s, %,d bytes (Content-Encoding: %s)%n",
                request, ms(row.aloneNanos()), clients, ms(row.p50Nanos()), ms(row.p99Nanos()), row.perSecond(),
                row.bytes(), last.encoding());
        return row;
    }

    private static Answer check(Answer answer, Set<Integer> failures, AtomicInteger failed) {
        if (answer.status() != 200) {
            failures.add(answer.status());
            failed.incrementAndGet();
        }
        return answer;
    }

    /** One browser tab: one HTTP/1.1 connection kept alive, its cookies kept as a browser keeps them. */
    private static final class Browser {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).build();
        private final HttpRequest request;

        Browser(URI uri, String accept) {
            request = HttpRequest.newBuilder(uri).header("Accept", accept).header("Accept-Encoding", "gzip").GET().build();
        }

        Answer get() throws Exception {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                long bytes = body.transferTo(OutputStream.nullOutputStream());
                return new Answer(response.statusCode(), bytes,
                        response.headers().firstValue("Content-Encoding").orElse("none"), System.nanoTime() - start);
            }
        }
    }

    /**
     * Epochs arriving as a worker stores them: each tick stores the next epoch of the experiment's one running
     * run, with its progress, in one transaction; a run with all its epochs succeeds and the next one starts
     * (one more seed, variant after variant).
     */
    private static final class EpochArrivals implements Runnable {

        private final SyntheticData data;
        private final UUID experiment;
        private final int variants;
        private final int seeds;
        private final int epochs;
        private final AtomicInteger stored = new AtomicInteger();
        private int started;
        private int nextEpoch;

        EpochArrivals(SyntheticData data, UUID experiment, int variants, int seeds, int epochs) {
            this.data = data;
            this.experiment = experiment;
            this.variants = variants;
            this.seeds = seeds;
            this.epochs = epochs;
        }

        @Override
        public void run() {
            if (nextEpoch == 0) {
                data.startRun(experiment, started % variants, seeds + started / variants);
                started++;
            }
            data.storeEpoch(experiment, nextEpoch);
            stored.incrementAndGet();
            nextEpoch++;
            if (nextEpoch == epochs) {
                data.finishRun(experiment);
                nextEpoch = 0;
            }
        }

        int stored() {
            return stored.get();
        }
    }

    /**
     * Clearly synthetic experiments written with plain SQL: finished runs of a made-up recipe whose accuracy
     * rises with the epoch towards about 0.95, a little higher for a larger gamma, with noise per seed and epoch.
     */
    private static final class SyntheticData {

        /** Epochs {@code from}..{@code to} of each of the experiment's runs in a status; a run's noise is drawn once. */
        private static final String EPOCHS = """
                WITH r AS MATERIALIZED (
                    SELECT runs.id, v.bn2_gamma, e.epochs, (random() - 0.5) * 0.02 AS seed_noise
                    FROM runs JOIN variants v ON v.id = runs.variant_id JOIN experiments e ON e.id = runs.experiment_id
                    WHERE runs.experiment_id = ? AND runs.status = ?)
                INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)
                SELECT r.id, n, 2.1 * (1 - a.accuracy) + 0.02, 2.2 * (1 - a.accuracy) + 0.03, 2.3 * (1 - a.accuracy) + 0.05,
                       a.accuracy, 3 + random() * 0.2
                FROM r CROSS JOIN generate_series(?, ?) n
                CROSS JOIN LATERAL (SELECT least(0.99, greatest(0.01, 0.93 - 0.6 * exp(-5.0 * (n + 1) / r.epochs)
                    + 0.03 * r.bn2_gamma + r.seed_noise + (random() - 0.5) * 0.01)) AS accuracy) a""";

        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;
        private final List<UUID> seeded = new ArrayList<>();

        SyntheticData(DataSource dataSource) {
            jdbc = new JdbcTemplate(dataSource);
            transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        }

        /**
         * An experiment created {@code hoursAgo}, gammas 0, 1/variants, …, each run SUCCEEDED after 3 s an
         * epoch; the same noise every time (setseed).
         */
        UUID seedExperiment(String name, int variants, int seeds, int epochs, int hoursAgo) {
            UUID id = UUID.randomUUID();
            transactions.executeWithoutResult(status -> {
                jdbc.update("""
                        INSERT INTO experiments (id, name, created_at, dataset, image_size, epochs, batch_size, lr_max,
                            weight_decay, head, device, adam_beta2, adam_eps, momentum_high, momentum_low, pct_start,
                            div_factor, final_div_factor)
                        VALUES (?, ?, now() - make_interval(hours => ?), 'synthetic', 32, ?, 64, 0.001, 0.01, 'fastai',
                            'cpu', 0.99, 1e-5, 0.95, 0.85, 0.25, 25, 1e5)""", id, name, hoursAgo, epochs);
                jdbc.update("""
                        INSERT INTO variants (experiment_id, position, name, bn2_gamma)
                        SELECT ?, p, 'gamma ' || trim_scale(round(p::numeric / ?, 3)), p::double precision / ?
                        FROM generate_series(0, ? - 1) p""", id, variants, variants, variants);
                jdbc.update("""
                        INSERT INTO runs (id, experiment_id, variant_id, seed, status, worker, device, progress_epoch,
                            progress_batch, batches_per_epoch, images_per_second, created_at, started_at, finished_at)
                        SELECT gen_random_uuid(), e.id, v.id, s, 'SUCCEEDED', 'load-benchmark', 'cpu', e.epochs, 0, 16, 500,
                            e.created_at, e.created_at, e.created_at + e.epochs * interval '3 seconds'
                        FROM experiments e JOIN variants v ON v.experiment_id = e.id CROSS JOIN generate_series(0, ? - 1) s
                        WHERE e.id = ?
                        ORDER BY s, v.position""", seeds, id);
                jdbc.execute("SELECT setseed(0.42)");
                jdbc.update(EPOCHS, id, "SUCCEEDED", 0, epochs - 1);
            });
            seeded.add(id);
            return id;
        }

        long storedEpochs(UUID experiment) {
            return jdbc.queryForObject("""
                    SELECT count(*) FROM epoch_metrics m JOIN runs r ON r.id = m.run_id WHERE r.experiment_id = ?""",
                    Long.class, experiment);
        }

        /** A run that a worker (that renews nothing) has just claimed. */
        void startRun(UUID experiment, int position, int seed) {
            jdbc.update("""
                    INSERT INTO runs (id, experiment_id, variant_id, seed, status, worker, device, lease_until, started_at,
                        progress_epoch, progress_batch, batches_per_epoch, images_per_second, phase, progress_updated_at)
                    SELECT gen_random_uuid(), ?, v.id, ?, 'RUNNING', 'load-benchmark', 'cpu', now() + interval '1 hour',
                        now(), 0, 0, 16, 500, 'training', now()
                    FROM variants v WHERE v.experiment_id = ? AND v.position = ?""", experiment, seed, experiment, position);
        }

        /** The running run's epoch and its progress, in one transaction, as {@code RunQueue.recordEpoch} stores them. */
        void storeEpoch(UUID experiment, int epoch) {
            transactions.executeWithoutResult(status -> {
                jdbc.update("""
                        UPDATE runs SET progress_epoch = ?, progress_batch = 0, progress_updated_at = now()
                        WHERE experiment_id = ? AND status = 'RUNNING'""", epoch + 1, experiment);
                jdbc.update(EPOCHS, experiment, "RUNNING", epoch, epoch);
            });
        }

        void finishRun(UUID experiment) {
            jdbc.update("""
                    UPDATE runs SET status = 'SUCCEEDED', finished_at = now(), lease_until = NULL, phase = NULL
                    WHERE experiment_id = ? AND status = 'RUNNING'""", experiment);
        }

        /** Leaves a shared server as it was; runs and epochs go with their experiment. */
        void deleteSeeded() {
            seeded.forEach(id -> jdbc.update("DELETE FROM experiments WHERE id = ?", id));
        }
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[(int) Math.ceil(fraction * sorted.length) - 1];
    }

    /** Whole milliseconds, or one decimal below 10 ms. */
    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format("%.1f ms", ms) : String.format("%.0f ms", ms);
    }

    private static int argument(String[] given, int index, int otherwise) {
        return index < given.length && !given[index].isEmpty() ? Integer.parseInt(given[index]) : otherwise;
    }
}
