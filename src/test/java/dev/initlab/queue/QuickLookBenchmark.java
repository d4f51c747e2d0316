package dev.initlab.queue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.initlab.InitLabApplication;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "Quick look" experiment (Fashion-MNIST 4,000 / 2,000 at 32 px, 3 epochs, zero- vs one-init,
 * seeds 0–2: six runs) through the real service: REST, queue, PostgreSQL, worker pool. The pixel
 * cache is built first and timed apart; then it prints the wall time from the experiment's creation
 * to its last finished run, the median epoch, every run's epochs and each variant's mean accuracy.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=dev.initlab.queue.QuickLookBenchmark
 * -Dbench.args=2} (the argument: runs per device).
 */
public final class QuickLookBenchmark {

    private static final String SPEC = """
            {"name": "quick look", "dataset": "fashion-mnist", "imageSize": 32, "epochs": 3, "batchSize": 64,
             "trainLimit": 4000, "validLimit": 2000,
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0, 1, 2]}""";
    private static final int EPOCHS = 3;
    private static final int SEEDS = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        String runsPerDevice = args.length > 0 && !args[0].isBlank() ? args[0] : "2";
        // the pixel cache stays in the benchmarks' data root (bench/quick_look_peer.py reads it there); the
        // database and everything else go with the temporary data folder
        Path datasets = Path.of(System.getProperty("bench.data", "target/bench-data")).toAbsolutePath();
        long cacheStart = System.nanoTime();
        new DatasetCatalog(datasets).prepare(new DatasetRequest("fashion-mnist", 32, 4000, 2000));
        System.out.printf("pixel cache in %s ready in %.1f s (not counted below)%n", datasets.resolve("cache"),
                (System.nanoTime() - cacheStart) / 1e9);
        Path dataDir = Files.createTempDirectory("quick-look");
        Files.createSymbolicLink(dataDir.resolve("datasets"), datasets);
        try {
            run(dataDir, runsPerDevice);
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static void run(Path dataDir, String runsPerDevice) throws Exception {
        // the test classpath's configuration turns workers off; a benchmark wants the application's own settings
        try (ConfigurableApplicationContext app = SpringApplication.run(InitLabApplication.class,
                "--initlab.data-dir=" + dataDir, "--server.port=0", "--initlab.worker.enabled=true",
                "--initlab.worker.reap-every=5s", "--initlab.worker.runs-per-device=" + runsPerDevice)) {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            JsonNode experiment = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SPEC)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String url = base + "/api/experiments/" + experiment.get("id").asString();
            JsonNode finished = awaitAllSucceeded(url);
            Instant created = Instant.parse(finished.get("createdAt").asString());
            Instant last = created;
            for (JsonNode run : finished.get("runs")) {
                Instant end = Instant.parse(run.get("finishedAt").asString());
                last = end.isAfter(last) ? end : last;
            }
            JsonNode metrics = get(url + "/metrics");
            List<Double> epochSeconds = new ArrayList<>();
            for (JsonNode run : metrics.get("runs")) {
                run.get("epochs").forEach(epoch -> epochSeconds.add(epoch.get("seconds").asDouble()));
            }
            epochSeconds.sort(Double::compare);
            System.out.printf("runs per device %s: 6 runs in %.1f s from creation to the last SUCCEEDED, median epoch %.2f s%n",
                    runsPerDevice, Duration.between(created, last).toMillis() / 1000.0,
                    epochSeconds.get(epochSeconds.size() / 2));
            Map<String, double[]> accuracySums = new TreeMap<>();
            for (JsonNode run : metrics.get("runs")) {
                String variant = run.get("variant").asString();
                double[] sums = accuracySums.computeIfAbsent(variant, name -> new double[EPOCHS]);
                for (JsonNode epoch : run.get("epochs")) {
                    System.out.printf("seed %d %s: %d | %.6f | %.6f | %.6f%n", run.get("seed").asLong(), variant,
                            epoch.get("epoch").asInt(), epoch.get("trainLoss").asDouble(),
                            epoch.get("validLoss").asDouble(), epoch.get("accuracy").asDouble());
                    sums[epoch.get("epoch").asInt()] += epoch.get("accuracy").asDouble();
                }
            }
            accuracySums.forEach((variant, sums) -> System.out.printf("mean accuracy of %s over %d seeds, epochs 0-%d: %s%n",
                    variant, SEEDS, EPOCHS - 1, Arrays.stream(sums).mapToObj(sum -> String.format("%.4f", sum / SEEDS))
                            .collect(Collectors.joining(" "))));
        }
    }

    private static JsonNode awaitAllSucceeded(String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
        while (Instant.now().isBefore(deadline)) {
            JsonNode experiment = get(url);
            List<String> statuses = experiment.get("runs").findValuesAsString("status");
            if (statuses.stream().allMatch("SUCCEEDED"::equals)) {
                return experiment;
            }
            if (statuses.contains("FAILED") || statuses.contains("CANCELLED")) {
                throw new IllegalStateException("a run did not succeed: " + experiment);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not done within 20 minutes: " + get(url));
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
