package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithLowLimits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** At most initlab.limits.progress-streams (2 here) live-progress streams are open; one more is a 503 problem. */
@WithLowLimits
class ProgressStreamLimitTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ProgressEvents progressEvents;

    private String experiment;

    @BeforeEach
    void queueOneExperiment() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
        experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "device": "gpu9", "epochs": 1, "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""))
                .get("id").asString();
    }

    @AfterEach
    void endEveryStream() {
        post("/api/experiments/" + experiment + "/cancel");
        awaitPlacesTaken(0);
    }

    @Test
    void streamBeyondTheLimitIsA503UntilAViewerLeaves() throws Exception {
        HttpResponse<InputStream> first = open().get(10, TimeUnit.SECONDS);
        HttpResponse<InputStream> second = open().get(10, TimeUnit.SECONDS);
        assertThat(List.of(first.statusCode(), second.statusCode())).containsExactly(200, 200);

        HttpResponse<InputStream> refused = open().get(10, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
        JsonNode problem;
        try (InputStream body = refused.body()) {
            problem = JSON.readTree(body);
        }
        assertThat(problem.get("type").asString()).isEqualTo("/problems/limit-exceeded");
        assertThat(problem.get("limit").asString()).isEqualTo("initlab.limits.progress-streams");
        assertThat(problem.get("allowed").asInt()).isEqualTo(2);
        assertThat(problem.get("open").asInt()).isEqualTo(2);
        assertThat(problem.get("requested").asInt()).isEqualTo(1);

        first.body().close();
        awaitPlacesTaken(1);
        assertThat(open().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void burstOfViewersOpensNoMoreStreamsThanTheLimit() throws Exception {
        List<CompletableFuture<HttpResponse<InputStream>>> burst = IntStream.range(0, 12).mapToObj(i -> open()).toList();

        List<Integer> statuses = burst.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(2);
        assertThat(statuses).filteredOn(status -> status == 503).hasSize(10);
        assertThat(progressEvents.openStreams()).isEqualTo(2);
        assertThat(progressEvents.streamPlacesTaken()).isEqualTo(2);
    }

    private CompletableFuture<HttpResponse<InputStream>> open() {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri("/experiments/" + experiment + "/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private void awaitPlacesTaken(int taken) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> progressEvents.streamPlacesTaken() == taken);
    }
}
