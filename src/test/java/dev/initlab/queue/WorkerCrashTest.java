package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import dev.initlab.support.ChildInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** kill -9 of an instance in the middle of a run: another instance finishes it, with one clean set of epochs. */
class WorkerCrashTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] FAST_LEASES = {"--initlab.worker.enabled=true", "--initlab.worker.lease=4s",
            "--initlab.worker.heartbeat=1s", "--initlab.worker.reap-every=1s"};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void runOfAKilledInstanceIsFinishedByTheNextWithEveryEpochStoredOnce() throws Exception {
        String runId;
        ChildInstance first = ChildInstance.start(dataDir, FAST_LEASES);
        try {
            JsonNode created = send(first, HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/experiments"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name": "crash", "dataset": "synthetic", "imageSize": 16, "epochs": 4, "batchSize": 16,
                             "trainLimit": 256, "validLimit": 32,
                             "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0]}""")));
            runId = created.get("runs").get(0).get("id").asString();
            await(first, "/api/runs/" + runId + "/metrics", epochs -> epochs.size() >= 1);
        } finally {
            first.killHard();
        }

        try (ChildInstance second = ChildInstance.start(dataDir, FAST_LEASES)) {
            JsonNode run = await(second, "/api/runs/" + runId, r -> r.get("status").asString().equals("SUCCEEDED"));
            JsonNode epochs = send(second, HttpRequest.newBuilder(URI.create(second.baseUrl() + "/api/runs/" + runId + "/metrics")));

            assertThat(epochs.findValues("epoch").stream().map(JsonNode::asInt).toList()).containsExactly(0, 1, 2, 3);
            assertThat(run.get("attempt").asInt()).as("the lost attempt is counted").isEqualTo(1);
            assertThat(run.get("worker").asString()).doesNotContain(":" + first.pid() + "/");
            assertThat(second.log()).contains("Took back 1 run(s) whose worker stopped renewing its lease");
        }
    }

    private static JsonNode await(ChildInstance instance, String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = send(instance, HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not done within 4 minutes: " + last + "\n" + instance.log());
    }

    private static JsonNode send(ChildInstance instance, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
