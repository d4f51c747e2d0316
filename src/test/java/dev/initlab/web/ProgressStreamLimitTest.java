package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.initlab.limits.StreamPlaces;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithLowLimits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * At most initlab.limits.progress-streams (3 here) live-progress streams are open, one more is a 503 problem; one
 * client (here an address: 127.0.0.1, 127.0.0.2, … are different clients) holds at most 2, one more is a 429.
 */
@WithLowLimits
class ProgressStreamLimitTest extends IntegrationTest {

    @Autowired
    ProgressEvents progressEvents;

    @Autowired
    StreamPlaces places;

    private String experiment;
    private final List<RawStreamRequest> opened = new ArrayList<>();

    @BeforeEach
    void queueOneExperiment() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
        experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "device": "gpu9", "epochs": 1, "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""))
                .get("id").asString();
    }

    @AfterEach
    void endEveryStream() throws IOException {
        for (RawStreamRequest stream : opened) {
            stream.close();
        }
        post("/api/experiments/" + experiment + "/cancel");
        awaitPlacesTaken(0);
    }

    @Test
    void streamBeyondTheLimitIsA503UntilAViewerLeaves() throws Exception {
        RawStreamRequest first = open("127.0.0.1");
        List<Integer> open = List.of(first.status(), open("127.0.0.1").status(), open("127.0.0.2").status());
        assertThat(open).containsExactly(200, 200, 200);

        RawStreamRequest refused = open("127.0.0.3");

        assertThat(refused.status()).isEqualTo(503);
        String response = refused.rest();
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json")
                .containsIgnoringCase("Retry-After: 30");
        JsonNode problem = problemIn(response);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/limit-exceeded");
        assertThat(problem.get("limit").asString()).isEqualTo("initlab.limits.progress-streams");
        assertThat(problem.get("allowed").asInt()).isEqualTo(3);
        assertThat(problem.get("open").asInt()).isEqualTo(3);
        assertThat(problem.get("requested").asInt()).isEqualTo(1);

        first.close();
        awaitPlacesTaken(2);
        RawStreamRequest again = open("127.0.0.3");
        int status = again.status();
        assertThat(status).as(status == 200 ? "" : again.rest()).isEqualTo(200);
    }

    @Test
    void clientOverItsShareIsA429AndOthersStillGetStreams() throws Exception {
        assertThat(List.of(open("127.0.0.1").status(), open("127.0.0.1").status())).containsExactly(200, 200);

        RawStreamRequest refused = open("127.0.0.1");

        assertThat(refused.status()).isEqualTo(429);
        String response = refused.rest();
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        JsonNode problem = problemIn(response);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/limit-exceeded");
        assertThat(problem.get("limit").asString()).isEqualTo("initlab.limits.progress-streams-per-client");
        assertThat(problem.get("allowed").asInt()).isEqualTo(2);
        assertThat(problem.get("detail").asString()).startsWith("You hold 2 live-progress streams");
        assertThat(open("127.0.0.2").status()).isEqualTo(200);
        assertThat(places.taken()).isEqualTo(3);
    }

    @Test
    void burstOfViewersOpensNoMoreStreamsThanTheLimit() throws Exception {
        ExecutorService viewers = Executors.newFixedThreadPool(12);
        List<Future<Integer>> burst;
        try {
            burst = viewers.invokeAll(IntStream.range(0, 12)
                    .mapToObj(i -> (Callable<Integer>) () -> open("127.0.0." + (10 + i)).status()).toList());
        } finally {
            viewers.shutdown();
        }

        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> status : burst) {
            statuses.add(status.get());
        }
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 503).hasSize(9);
        assertThat(progressEvents.openStreams()).isEqualTo(3);
        assertThat(places.taken()).isEqualTo(3);
    }

    private RawStreamRequest open(String fromAddress) throws IOException {
        RawStreamRequest stream = RawStreamRequest.send(port, "/experiments/" + experiment + "/events", fromAddress);
        synchronized (opened) {
            opened.add(stream);
        }
        return stream;
    }

    private static JsonNode problemIn(String response) {
        return JSON.readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
    }

    private void awaitPlacesTaken(int taken) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> places.taken() == taken);
    }
}
