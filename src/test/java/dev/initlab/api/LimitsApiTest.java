package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithLowLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Runs per experiment and epochs in the queue, each refused as a problem naming its limit, storing nothing. */
@WithLowLimits
class LimitsApiTest extends IntegrationTest {

    @BeforeEach
    void emptyQueue() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
    }

    @Test
    void moreRunsThanAnExperimentMayHaveIsA400NamingSeedsAndStoresNothing() {
        Map<String, Object> rowsBefore = storedRows();

        HttpResponse<String> response = postJson("/api/experiments", spec(2, 3, 1));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = limitProblem(response, "initlab.limits.runs-per-experiment", 4, 6);
        assertThat(problem.get("detail").asString()).contains("2 variants × 3 seeds make 6 runs").contains("at most 4 runs");
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("seeds");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("6 runs");
        assertThat(storedRows()).isEqualTo(rowsBefore);
    }

    @Test
    void tooManyVariantsWithOneSeedNamesVariants() {
        HttpResponse<String> response = postJson("/api/experiments", spec(5, 1, 1));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = limitProblem(response, "initlab.limits.runs-per-experiment", 4, 5);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("variants");
    }

    @Test
    void experimentWithExactlyTheAllowedRunsIsQueued() {
        HttpResponse<String> response = postJson("/api/experiments", spec(2, 2, 1));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("runs")).hasSize(4);
    }

    @Test
    void experimentThatWouldOverfillTheQueueIsA429AndStoresNothing() {
        assertThat(postJson("/api/experiments", spec(4, 1, 8)).statusCode()).isEqualTo(201);
        Map<String, Object> rowsBefore = storedRows();

        HttpResponse<String> response = postJson("/api/experiments", spec(2, 1, 5));

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode problem = limitProblem(response, "initlab.limits.queued-run-epochs", 40, 10);
        assertThat(problem.get("queued").asLong()).isEqualTo(32);
        assertThat(problem.get("detail").asString()).contains("32 epochs are still to train")
                .contains("adds 10 (2 runs × 5 epochs)");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(storedRows()).isEqualTo(rowsBefore);
    }

    @Test
    void experimentThatFillsTheQueueExactlyIsQueued() {
        assertThat(postJson("/api/experiments", spec(4, 1, 8)).statusCode()).isEqualTo(201);

        assertThat(postJson("/api/experiments", spec(2, 1, 4)).statusCode()).isEqualTo(201);
    }

    @Test
    void runningRunsCountTheEpochsTheyHaveLeftOrAllWhenUnknown() {
        List<String> runs = runIds(postJson("/api/experiments", spec(4, 1, 10)));
        jdbc.update("UPDATE runs SET status = 'RUNNING', worker = 'w', lease_until = now() + interval '1 minute',"
                + " progress_epoch = 7 WHERE id = ?::uuid", runs.get(0));
        jdbc.update("UPDATE runs SET status = 'RUNNING', worker = 'w', lease_until = now() + interval '1 minute'"
                + " WHERE id = ?::uuid", runs.get(1));
        jdbc.update("UPDATE runs SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?::uuid", runs.get(2));

        // 10 queued + 3 left of a running run + 10 of a running run without progress = 23; 17 more fit
        assertThat(postJson("/api/experiments", spec(1, 1, 17)).statusCode()).isEqualTo(201);
        HttpResponse<String> full = postJson("/api/experiments", spec(1, 1, 1));

        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(json(full).get("queued").asLong()).isEqualTo(40);
    }

    @Test
    void twoConcurrentExperimentsThatTogetherOverfillTheQueueAreOneQueuedAndOneRefused() throws Exception {
        for (int round = 0; round < 5; round++) {
            emptyQueue();
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> submissions = IntStream.range(0, 2)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(start);
                        return postJson("/api/experiments", spec(1, 1, 30)).statusCode();
                    }))
                    .toList();

            List<Integer> statuses = Stream.of(submissions.get(0).get(), submissions.get(1).get()).sorted().toList();

            assertThat(statuses).as("round %d", round).containsExactly(201, 429);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE status = 'QUEUED'", Integer.class))
                    .as("round %d", round).isEqualTo(1);
        }
    }

    /** Asserts a limit problem: status and content type, its type, and the limit, its value and what was asked. */
    static JsonNode limitProblem(HttpResponse<String> response, String limit, long allowed, long requested) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/limit-exceeded");
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.get("limit").asString()).isEqualTo(limit);
        assertThat(problem.get("allowed").asLong()).isEqualTo(allowed);
        assertThat(problem.get("requested").asLong()).isEqualTo(requested);
        assertThat(problem.get("detail").asString()).contains(limit);
        return problem;
    }

    private Map<String, Object> storedRows() {
        return jdbc.queryForMap("SELECT (SELECT count(*) FROM experiments) AS experiments,"
                + " (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM runs) AS runs");
    }

    private static List<String> runIds(HttpResponse<String> created) {
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).get("runs").valueStream().map(run -> run.get("id").asString()).toList();
    }

    /** A spec that no worker takes (it asks for a GPU no machine has), with the given shape. */
    private static String spec(int variants, int seeds, int epochs) {
        String variantList = String.join(", ", IntStream.range(0, variants)
                .mapToObj(i -> "{\"name\": \"v" + i + "\", \"bn2Gamma\": 1}").toList());
        String seedList = String.join(", ", IntStream.range(0, seeds).mapToObj(String::valueOf).toList());
        return "{\"dataset\": \"synthetic\", \"device\": \"gpu9\", \"epochs\": " + epochs + ", \"variants\": ["
                + variantList + "], \"seeds\": [" + seedList + "]}";
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
