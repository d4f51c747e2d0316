package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The live-progress stream over real HTTP: it ends when the experiment has, and says so when it fails. */
class ProgressEventsTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ProgressEvents progressEvents;

    @Test
    void finishedExperimentsStreamSendsOneSnapshotAndEnds() throws Exception {
        String id = queuedExperiment();
        post("/api/experiments/" + id + "/cancel");

        String stream = open(id).get(10, TimeUnit.SECONDS).body();

        assertThat(stream.split("event:progress", -1)).hasSize(2);
        assertThat(stream).contains("\"status\":\"CANCELLED\"").doesNotContain("QUEUED");
        eventually(() -> progressEvents.polledExperiments() == 0);
    }

    @Test
    void viewersOfOneExperimentShareOnePollerAndAllGetTheLastSnapshot() throws Exception {
        String id = queuedExperiment();
        CompletableFuture<HttpResponse<String>> first = open(id);
        CompletableFuture<HttpResponse<String>> second = open(id);
        eventually(() -> progressEvents.openStreams() == 2);

        assertThat(progressEvents.polledExperiments()).isEqualTo(1);
        post("/api/experiments/" + id + "/cancel");

        assertThat(first.get(10, TimeUnit.SECONDS).body()).contains("\"status\":\"CANCELLED\"");
        assertThat(second.get(10, TimeUnit.SECONDS).body()).contains("\"status\":\"CANCELLED\"");
        eventually(() -> progressEvents.openStreams() == 0 && progressEvents.polledExperiments() == 0);
    }

    @Test
    void streamThatCannotReadItsExperimentSaysSoAndEnds() throws Exception {
        String id = queuedExperiment();
        CompletableFuture<HttpResponse<String>> stream = open(id);
        eventually(() -> progressEvents.openStreams() == 1);

        jdbc.update("DELETE FROM experiments WHERE id = ?", UUID.fromString(id));

        assertThat(stream.get(10, TimeUnit.SECONDS).body())
                .contains("event:failure").contains("Live progress stopped");
        eventually(() -> progressEvents.polledExperiments() == 0);
    }

    private String queuedExperiment() {
        return json(postJson("/api/experiments", """
                {"dataset": "synthetic", "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""))
                .get("id").asString();
    }

    private CompletableFuture<HttpResponse<String>> open(String id) {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri("/experiments/" + id + "/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false after 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
