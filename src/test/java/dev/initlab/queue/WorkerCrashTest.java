package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.initlab.support.ChildInstance;
import dev.initlab.support.EpochRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance that dies (kill -9) or is stopped (SIGTERM) in the middle of a run: another instance
 * over the same database continues the run from its checkpoint, keeps the epochs stored before it,
 * and ends with the numbers of a run that was never interrupted.
 */
class WorkerCrashTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SPEC = """
            {"name": "crash", "dataset": "synthetic", "imageSize": 16, "epochs": 5, "batchSize": 16,
             "trainLimit": 128, "validLimit": 32, "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0]}""";
    private static final List<String> FAST_LEASES = List.of("--initlab.worker.enabled=true", "--initlab.worker.runs-per-device=1",
            "--initlab.worker.lease=4s", "--initlab.worker.heartbeat=1s", "--initlab.worker.reap-every=1s");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void runOfAKilledInstanceIsResumedFromItsCheckpointWithTheEarlierEpochsUntouched() throws Exception {
        String runId;
        JsonNode storedBeforeKill;
        ChildInstance first = start("--initlab.worker.checkpoint-every=0s");
        try {
            runId = submit(first);
            storedBeforeKill = await(first, "/api/runs/" + runId + "/metrics", epochs -> epochs.size() >= 2);
        } finally {
            first.killHard();
        }

        try (ChildInstance second = start("--initlab.worker.checkpoint-every=0s")) {
            JsonNode run = await(second, "/api/runs/" + runId, r -> r.get("status").asString().equals("SUCCEEDED"));
            JsonNode epochs = get(second, "/api/runs/" + runId + "/metrics");
            int resumedFrom = run.get("resumedFrom").get("epoch").asInt();

            assertThat(resumedFrom).as("checkpointed after every stored epoch").isGreaterThanOrEqualTo(2);
            assertThat(run.get("attempt").asInt()).as("the lost attempt is counted").isEqualTo(1);
            assertThat(run.get("worker").asString()).doesNotContain(":" + first.pid() + "/");
            assertThat(epochs.findValues("epoch").stream().map(JsonNode::asInt).toList()).containsExactly(0, 1, 2, 3, 4);
            for (int epoch = 0; epoch < storedBeforeKill.size(); epoch++) {
                assertThat(epochs.get(epoch)).as("epoch %d is kept as it was stored", epoch)
                        .isEqualTo(storedBeforeKill.get(epoch));
            }
            assertThat(page(second, "/runs/" + runId)).contains("attempt 2 · resumed from epoch " + resumedFrom);
            assertThat(second.log()).contains("Took back 1 run(s) whose worker stopped renewing its lease")
                    .contains("Resuming at epoch " + resumedFrom);
            EpochRows.assertSameNumbers(epochs, uninterruptedRun(second), EpochRows.ACROSS_PROCESSES);
        }
    }

    @Test
    void runOfAStoppedInstanceIsHandedBackWithACheckpointAndNoAttemptCounted() throws Exception {
        String runId;
        ChildInstance first = start("--initlab.worker.checkpoint-every=1h");
        Duration stopping;
        try {
            runId = submit(first);
            await(first, "/api/runs/" + runId + "/metrics", epochs -> epochs.size() >= 1);
            Instant sigterm = Instant.now();
            first.close();
            stopping = Duration.between(sigterm, Instant.now());
        } finally {
            first.killHard();
        }
        System.out.printf("graceful stop with a checkpoint: the instance exited %.1f s after SIGTERM%n",
                stopping.toMillis() / 1000.0);
        assertThat(first.log()).contains("returned to the queue for shutdown");

        try (ChildInstance second = start("--initlab.worker.checkpoint-every=1h")) {
            JsonNode run = await(second, "/api/runs/" + runId, r -> r.get("status").asString().equals("SUCCEEDED"));
            JsonNode epochs = get(second, "/api/runs/" + runId + "/metrics");

            assertThat(run.get("attempt").asInt()).as("a hand-back counts no attempt").isZero();
            assertThat(run.get("resumedFrom").get("epoch").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(epochs.findValues("epoch").stream().map(JsonNode::asInt).toList()).containsExactly(0, 1, 2, 3, 4);
            EpochRows.assertSameNumbers(epochs, uninterruptedRun(second), EpochRows.ACROSS_PROCESSES);
        }
    }

    private ChildInstance start(String checkpointEvery) throws Exception {
        List<String> arguments = new ArrayList<>(FAST_LEASES);
        arguments.add(checkpointEvery);
        return ChildInstance.start(dataDir, arguments.toArray(String[]::new));
    }

    /** The same spec trained from start to end on {@code instance}, as the reference. */
    private static JsonNode uninterruptedRun(ChildInstance instance) throws Exception {
        String runId = submit(instance);
        await(instance, "/api/runs/" + runId, r -> r.get("status").asString().equals("SUCCEEDED"));
        JsonNode run = get(instance, "/api/runs/" + runId);
        assertThat(run.get("resumedFrom").isNull()).isTrue();
        return get(instance, "/api/runs/" + runId + "/metrics");
    }

    private static String submit(ChildInstance instance) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/experiments"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SPEC)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("runs").get(0).get("id").asString();
    }

    private static JsonNode await(ChildInstance instance, String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(instance, path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not done within 4 minutes: " + last + "\n" + instance.log());
    }

    private static JsonNode get(ChildInstance instance, String path) throws Exception {
        return JSON.readTree(page(instance, path));
    }

    private static String page(ChildInstance instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
