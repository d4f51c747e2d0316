package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.initlab.support.EpochRows;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Two runs at once on one CPU, each on its own thread, each with the numbers it has when it trains alone. */
@WithWorkers
@TestPropertySource(properties = "initlab.worker.runs-per-device=2")
class ConcurrentRunsTest extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @Test
    void twoRunsTrainAtOnceAndEachGivesTheEpochsItGivesAlone() throws Exception {
        String alone = submit("[{\"name\": \"zero-init\", \"bn2Gamma\": 0}]");
        awaitAllSucceeded(alone);

        String together = submit("[{\"name\": \"zero-init\", \"bn2Gamma\": 0}, {\"name\": \"one-init\", \"bn2Gamma\": 1}]");
        int mostAtOnce = awaitAllSucceeded(together);

        assertThat(mostAtOnce).as("runs seen RUNNING at the same moment").isEqualTo(2);
        JsonNode workers = json(get("/api/workers")).get("workers");
        assertThat(workers.findValuesAsString("id")).anyMatch(id -> id.endsWith("/cpu-0"))
                .anyMatch(id -> id.endsWith("/cpu-1"));
        assertThat(numbers(runOf(together, "zero-init"))).isEqualTo(numbers(runOf(alone, "zero-init")));
        assertThat(numbers(runOf(together, "one-init"))).isNotEqualTo(numbers(runOf(alone, "zero-init")));
    }

    private String submit(String variants) {
        return json(postJson("/api/experiments", """
                {"dataset": "synthetic", "imageSize": 16, "epochs": 3, "batchSize": 16, "trainLimit": 256,
                 "validLimit": 32, "seeds": [5], "variants": %s}""".formatted(variants))).get("id").asString();
    }

    /** Waits until every run succeeded; answers the most runs seen RUNNING at one moment. */
    private int awaitAllSucceeded(String experimentId) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        int mostAtOnce = 0;
        while (Instant.now().isBefore(deadline)) {
            JsonNode runs = json(get("/api/experiments/" + experimentId)).get("runs");
            List<String> statuses = runs.findValuesAsString("status");
            mostAtOnce = Math.max(mostAtOnce, (int) statuses.stream().filter("RUNNING"::equals).count());
            if (statuses.stream().allMatch("SUCCEEDED"::equals)) {
                return mostAtOnce;
            }
            assertThat(statuses).doesNotContain("FAILED");
            Thread.sleep(100);
        }
        throw new AssertionError("not done within " + PATIENCE);
    }

    private String runOf(String experimentId, String variant) {
        for (JsonNode run : json(get("/api/experiments/" + experimentId)).get("runs")) {
            if (run.get("variant").asString().equals(variant)) {
                return run.get("id").asString();
            }
        }
        throw new AssertionError("no run of " + variant);
    }

    private List<List<Double>> numbers(String runId) {
        return EpochRows.numbers(json(get("/api/runs/" + runId + "/metrics")));
    }
}
