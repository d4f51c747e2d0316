package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The REST API, the queue and a real CPU worker training tiny synthetic runs with DJL. */
@WithWorkers
class QueueEndToEndTest extends IntegrationTest {

    /** An accuracy counted over any other number of images is rarely a whole multiple of 1/24. */
    private static final int VALID_IMAGES = 24;

    @Test
    void twoVariantsTimesTwoSeedsTimesTwoEpochsAllSucceedWithTwoStoredEpochsEach() {
        JsonNode created = json(postJson("/api/experiments", tinySpec(2, 64, "[0, 1]")));
        String id = created.get("id").asString();

        JsonNode finished = awaitExperiment(id, experiment -> experiment.get("runCounts").get("SUCCEEDED").asInt() == 4);

        JsonNode metrics = json(get("/api/experiments/" + id + "/metrics"));
        assertThat(metrics.get("runs")).hasSize(4).allSatisfy(run -> {
            assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("epochs").findValues("epoch").stream().map(JsonNode::asInt).toList()).containsExactly(0, 1);
            // the share of the validation images that were right: a whole number of them
            double rightAnswers = run.get("epochs").get(1).get("accuracy").asDouble() * VALID_IMAGES;
            assertThat(rightAnswers).isCloseTo(Math.rint(rightAnswers), within(1e-4));
        });
        List<String> csv = get("/api/experiments/" + id + "/metrics?format=csv").body().lines().toList();
        assertThat(csv).hasSize(1 + 4 * 2);
        JsonNode firstRun = finished.get("runs").get(0);
        double waited = Duration.between(Instant.parse(firstRun.get("createdAt").asString()),
                Instant.parse(firstRun.get("startedAt").asString())).toMillis() / 1000.0;
        System.out.printf("queue pickup: first run started %.3f s after it was queued on an idle worker%n", waited);
        assertThat(firstRun.get("worker").asString()).contains("/cpu-0");
        assertThat(firstRun.get("attempt").asInt()).isZero();
    }

    /**
     * With g = 1 and α = 0.05 the safe test cannot reach E = 20 before 5 pairs ((1 + 4g)^(3/2) = 11.2 with 4),
     * so a cap of 4 seeds ends this one at the cap, whatever the runs learn: 2 seeds, then one step of 2.
     */
    @Test
    void aSequentialExperimentAddsSeedsByItselfAndEndsAtTheCap() {
        String id = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "imageSize": 16, "epochs": 1, "batchSize": 16, "trainLimit": 32,
                 "validLimit": %d, "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1], "stopping": {"rule": "anytime", "maxSeeds": 4, "seedsPerStep": 2}}"""
                .formatted(VALID_IMAGES))).get("id").asString();

        JsonNode finished = awaitExperiment(id, experiment -> experiment.get("runCounts").get("SUCCEEDED").asInt() == 8);
        JsonNode sequential = await("/api/experiments/" + id + "/comparison",
                comparison -> comparison.get("pairs").get(0).get("sequential").get("pairs").asInt() == 4)
                .get("pairs").get(0).get("sequential");

        assertThat(finished.get("seeds")).extracting(JsonNode::asLong).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertThat(sequential.get("state").asString()).isEqualTo("inconclusive at the cap");
        assertThat(sequential.get("threshold").asDouble()).isEqualTo(20.0);
        assertThat(sequential.get("history")).extracting(look -> look.get("pairs").asInt()).containsExactly(2, 3, 4);
        assertThat(sequential.get("sentence").asString()).startsWith("one-init against zero-init inconclusive at the "
                + "cap of 4 seeds");
        assertThat(json(get("/api/experiments/" + id)).get("runs")).hasSize(8);
    }

    @Test
    void cancellingARunningRunStopsItAndKeepsItsFinishedEpochs() {
        // the most epochs a spec may ask for: minutes of training, so the run is surely still going when the cancel lands
        int epochs = 1000;
        String id = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "imageSize": 16, "epochs": %d, "batchSize": 16, "trainLimit": 64,
                 "validLimit": 32, "variants": [{"name": "one-init", "bn2Gamma": 1}]}""".formatted(epochs)))
                .get("id").asString();
        awaitExperiment(id, experiment -> epochsStored(experiment) >= 1);
        String runId = json(get("/api/experiments/" + id)).get("runs").get(0).get("id").asString();

        JsonNode cancel = json(post("/api/runs/" + runId + "/cancel"));

        assertThat(cancel.get("cancelRequested").asBoolean()).isTrue();
        JsonNode run = awaitRun(runId, r -> r.get("status").asString().equals("CANCELLED"));
        int kept = json(get("/api/runs/" + runId + "/metrics")).size();
        assertThat(kept).isBetween(1, epochs - 1);
        assertThat(run.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void missingDatasetFailsItsRunWithAReasonAndTheNextRunStillTrains() {
        String broken = json(postJson("/api/experiments", """
                {"dataset": "folder:no/such/folder", "imageSize": 16, "epochs": 1,
                 "variants": [{"name": "one-init", "bn2Gamma": 1}]}""")).get("id").asString();
        String healthy = json(postJson("/api/experiments", tinySpec(1, 32, "[0]"))).get("id").asString();

        JsonNode failed = awaitExperiment(broken, e -> e.get("runCounts").get("FAILED").asInt() == 1);
        awaitExperiment(healthy, e -> e.get("runCounts").get("SUCCEEDED").asInt() == 1);

        assertThat(failed.get("runs").get(0).get("error").asString()).contains("no/such/folder");
    }

    @Test
    void workersEndpointShowsThisInstancesCpuWorkerAndCountsTheQueuedRuns() {
        long queuedBefore = json(get("/api/workers")).get("queueLength").asLong();
        // no worker serves gpu9, so its two runs stay queued until cancelled
        String id = json(postJson("/api/experiments", tinySpec(1, 32, "[0]", "gpu9"))).get("id").asString();

        JsonNode workers = json(get("/api/workers"));
        post("/api/experiments/" + id + "/cancel");

        assertThat(workers.get("workers")).isNotEmpty();
        assertThat(workers.get("workers").get(0).get("device").asString()).isEqualTo("cpu");
        assertThat(workers.get("workers").get(0).get("instance").asString()).contains(":");
        assertThat(workers.get("queueLength").asLong()).isEqualTo(queuedBefore + 2);
        assertThat(json(get("/api/workers")).get("queueLength").asLong()).isEqualTo(queuedBefore);
    }

    private static String tinySpec(int epochs, int trainImages, String seeds) {
        return tinySpec(epochs, trainImages, seeds, "auto");
    }

    private static String tinySpec(int epochs, int trainImages, String seeds, String device) {
        return """
                {"dataset": "synthetic", "imageSize": 16, "epochs": %d, "batchSize": 16, "trainLimit": %d, "device": "%s",
                 "validLimit": %d, "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": %s}""".formatted(epochs, trainImages, device, VALID_IMAGES, seeds);
    }

    private static int epochsStored(JsonNode experiment) {
        return experiment.get("runs").findValues("progress").stream()
                .mapToInt(progress -> progress.get("epoch").isNull() ? 0 : progress.get("epoch").asInt()).max().orElse(0);
    }

    private JsonNode awaitExperiment(String id, Predicate<JsonNode> done) {
        return await("/api/experiments/" + id, done);
    }

    private JsonNode awaitRun(String id, Predicate<JsonNode> done) {
        return await("/api/runs/" + id, done);
    }

}
