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
import java.util.List;

import dev.initlab.InitLabApplication;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "Quick look" experiment (Fashion-MNIST 4,000 / 2,000 at 32 px, 3 epochs, zero- vs one-init,
 * seeds 0–2: six runs) through the real service: REST, queue, PostgreSQL, worker pool. The pixel
 * cache is built first and timed apart; then it prints the wall time from the experiment's creation
 * to its last finished run, the median epoch, and seed 0's epochs of both variants.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=dev.initlab.queue.QuickLookBenchmark
 * -Dbench.args=2} (the argument: runs per device).
 */
public final class QuickLookBenchmark {

    private static final String SPEC = """
            {"name": "quick look", "dataset": "fashion-mnist", "imageSize": 32, "epochs": 3, "batchSize": 64,
             "trainLimit": 4000, "validLimit": 2000,
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0, 1, 2]}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        String runsPerDevice = args.length > 0 && !args[0].isBlank() ? args[0] : "2";
        Path dataDir = Files.createTempDirectory("quick-look");
        long cacheStart = System.nanoTime();
        new DatasetCatalog(dataDir.resolve("datasets")).prepare(new DatasetRequest("fashion-mnist", 32, 4000, 2000));
        System.out.printf("pixel cache built in %.1f s (not counted below)%n", (System.nanoTime() - cacheStart) / 1e9);
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
            for (JsonNode run : metrics.get("runs")) {
                if (run.get("seed").asLong() == 0) {
                    run.get("epochs").forEach(epoch -> System.out.printf("seed 0 %s: %d | %.6f | %.6f | %.6f%n",
                            run.get("variant").asString(), epoch.get("epoch").asInt(), epoch.get("trainLoss").asDouble(),
                            epoch.get("validLoss").asDouble(), epoch.get("accuracy").asDouble()));
                }
            }
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
