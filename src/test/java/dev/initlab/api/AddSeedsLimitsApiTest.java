package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithLowLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seeds added to an experiment under the limits of a new one (4 runs per experiment, 40 queued run-epochs here):
 * the experiment's runs count, those it has and the new ones, and a refusal stores nothing.
 */
@WithLowLimits
class AddSeedsLimitsApiTest extends IntegrationTest {

    @BeforeEach
    void emptyQueue() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
    }

    @Test
    void seedsThatWouldPassTheRunsPerExperimentIncludingTheExistingRunsAreA400AndStoreNothing() {
        String id = experiment(2, 1, 1);
        Map<String, Object> before = storedRows();

        HttpResponse<String> response = addSeeds(id, "{\"count\": 2}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = LimitsApiTest.limitProblem(response, "initlab.limits.runs-per-experiment", 4, 6);
        assertThat(problem.get("title").asString()).isEqualTo("Too many runs");
        assertThat(problem.get("existing").asInt()).isEqualTo(2);
        assertThat(problem.get("detail").asString())
                .isEqualTo("This experiment has 2 runs; 2 seeds more for its 2 variants make 4 runs more, 6 in all;"
                        + " an experiment may have at most 4 runs (initlab.limits.runs-per-experiment).");
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("count");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void explicitSeedsOverTheRunsPerExperimentNameSeeds() {
        String id = experiment(2, 1, 1);

        HttpResponse<String> response = addSeeds(id, "{\"seeds\": [4, 5]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("seeds");
    }

    @Test
    void finishedAndCancelledRunsCountTowardsTheRunsPerExperimentToo() {
        String id = experiment(2, 1, 1);
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE experiment_id = ?::uuid", id);

        assertThat(addSeeds(id, "{\"count\": 2}").statusCode()).isEqualTo(400);
        assertThat(addSeeds(id, "{\"count\": 1}").statusCode()).as("exactly the allowed runs").isEqualTo(201);
        assertThat(json(get("/api/experiments/" + id)).get("runs")).hasSize(4);
    }

    @Test
    void seedsThatWouldOverfillTheQueueAreA429AndStoreNothing() {
        String id = experiment(1, 1, 5);
        assertThat(postJson("/api/experiments", spec(4, 1, 8)).statusCode()).isEqualTo(201);
        // 5 + 32 epochs queued: one more run of 5 epochs does not fit
        Map<String, Object> before = storedRows();

        HttpResponse<String> response = addSeeds(id, "{\"count\": 1}");

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode problem = LimitsApiTest.limitProblem(response, "initlab.limits.queued-run-epochs", 40, 5);
        assertThat(problem.get("queued").asLong()).isEqualTo(37);
        assertThat(problem.get("detail").asString()).contains("37 epochs are still to train")
                .contains("these seeds add 5 (1 run × 5 epochs)");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void seedsThatFillTheQueueExactlyAreQueued() {
        String id = experiment(1, 1, 5);
        assertThat(postJson("/api/experiments", spec(1, 1, 30)).statusCode()).isEqualTo(201);

        // 5 + 30 epochs queued: a run of 5 epochs fills the queue's 40
        HttpResponse<String> response = addSeeds(id, "{\"seeds\": [3]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(jdbc.queryForObject("""
                SELECT coalesce(sum(e.epochs), 0) FROM runs r JOIN experiments e ON e.id = r.experiment_id
                WHERE r.status = 'QUEUED'""", Long.class)).isEqualTo(40L);
    }

    private HttpResponse<String> addSeeds(String experimentId, String body) {
        return postJson("/api/experiments/" + experimentId + "/seeds", body);
    }

    private String experiment(int variants, int seeds, int epochs) {
        HttpResponse<String> created = postJson("/api/experiments", spec(variants, seeds, epochs));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private Map<String, Object> storedRows() {
        return jdbc.queryForMap("SELECT (SELECT count(*) FROM experiments) AS experiments,"
                + " (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM runs) AS runs");
    }

    /** A spec that no worker takes (it asks for a GPU no machine has), with the given shape. */
    private static String spec(int variants, int seeds, int epochs) {
        StringBuilder variantList = new StringBuilder();
        for (int i = 0; i < variants; i++) {
            variantList.append(i == 0 ? "" : ", ").append("{\"name\": \"v").append(i).append("\", \"bn2Gamma\": 1}");
        }
        StringBuilder seedList = new StringBuilder();
        for (int i = 0; i < seeds; i++) {
            seedList.append(i == 0 ? "" : ", ").append(i);
        }
        return "{\"dataset\": \"synthetic\", \"device\": \"gpu9\", \"epochs\": " + epochs + ", \"variants\": ["
                + variantList + "], \"seeds\": [" + seedList + "]}";
    }
}
