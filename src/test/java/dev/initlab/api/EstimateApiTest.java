package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.initlab.queue.TimeEstimator;
import dev.initlab.queue.WorkerDevice;
import dev.initlab.queue.WorkerProperties;
import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/estimates} and the remaining time of a submitted experiment. Finished runs are
 * written into the database as a worker would leave them: two runs of the linear head at 40 px on gpu0,
 * each 30 s from claim to end, 10 s of it outside its two 10 s epochs. No worker runs here, so the
 * estimates assume this instance's configured slots; each test asks for its own GPU, so that the
 * experiments one test queues are not ahead of another's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EstimateApiTest extends IntegrationTest {

    /** Seconds a run of {@link #synthetic} at 40 px takes on the finished runs' speed. */
    private static final double RUN_SECONDS = 30;
    /** runs-per-device's default on a GPU: the slots assumed for gpu2 while no worker is live. */
    private static final int SLOTS = WorkerProperties.DEFAULT_RUNS_PER_GPU;

    @Autowired
    private TimeEstimator estimator;

    @Autowired
    private WorkerProperties workerProperties;

    @BeforeAll
    void finishTwoRunsOfTheLinearHeadAt40PxOnGpu0() {
        assertThat(workerProperties.runsOn(new WorkerDevice("gpu2"))).isEqualTo(SLOTS);
        JsonNode experiment = json(postJson("/api/experiments", synthetic("gpu0", 40, 1)));
        for (JsonNode run : experiment.get("runs")) {
            UUID id = UUID.fromString(run.get("id").asString());
            jdbc.update("""
                    UPDATE runs SET status = 'SUCCEEDED', device = 'gpu0', worker = 'seeded',
                           started_at = now() - interval '30 seconds', finished_at = now()
                    WHERE id = ?""", id);
            for (int epoch = 0; epoch < 2; epoch++) {
                jdbc.update("""
                        INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)
                        VALUES (?, ?, 1, 1, 1, 0.5, 10)""", id, epoch);
            }
        }
    }

    @Test
    void estimateWithoutFinishedRunsSaysThereIsNoBasis() {
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM runs r JOIN experiments e ON e.id = r.experiment_id
                WHERE r.status = 'SUCCEEDED' AND r.device = 'cpu' AND e.head = 'linear'""", Long.class))
                .as("no finished CPU run of the linear head in this database").isZero();

        JsonNode estimate = estimate(synthetic("cpu", 40, 2));

        assertThat(estimate.get("estimatedSeconds").isNull()).isTrue();
        assertThat(estimate.get("basedOnRuns").asInt()).isZero();
        assertThat(estimate.get("basis").asString())
                .startsWith("no finished CPU run with the linear head on this deployment yet");
        assertThat(estimate.get("runs").asInt()).isEqualTo(4);
        assertThat(estimate.get("trainImagesPerEpoch").asInt()).isEqualTo(640);
    }

    @Test
    void invalidSpecIsRefusedAsProblemJsonLikeExperimentCreation() {
        String invalid = """
                {"dataset": "synthetic", "epochs": 0, "variants": [{"name": "too high", "bn2Gamma": 7}]}""";

        HttpResponse<String> estimate = postJson("/api/estimates", invalid);
        HttpResponse<String> creation = postJson("/api/experiments", invalid);

        assertThat(estimate.statusCode()).isEqualTo(400);
        assertThat(estimate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(estimate).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("epochs", "variants[0].bn2Gamma")
                .containsExactlyInAnyOrderElementsOf(json(creation).get("errors").findValuesAsString("field"));
    }

    @Test
    void estimateAndItsFieldsAreInTheOpenApiDescription() {
        JsonNode docs = json(get("/v3/api-docs"));

        assertThat(docs.get("paths").has("/api/estimates")).isTrue();
        JsonNode fields = docs.get("components").get("schemas").get("EstimateView").get("properties");
        for (String field : new String[]{"runs", "trainImagesPerEpoch", "validImagesPerEpoch", "estimatedSeconds",
                "basis", "queueAheadSeconds", "workers", "basedOnRuns"}) {
            assertThat(fields.get(field).get("description").asString()).as(field).isNotBlank();
        }
    }

    @Test
    void anEstimateQueuesNothing() {
        long experiments = count("experiments");
        long runs = count("runs");

        assertThat(postJson("/api/estimates", synthetic("gpu2", 40, 3)).statusCode()).isEqualTo(200);

        assertThat(count("experiments")).isEqualTo(experiments);
        assertThat(count("runs")).isEqualTo(runs);
    }

    @Test
    void fashionMnistCountsFollowTheLimitsAndDropTheLastPartialTrainingBatch() {
        JsonNode limited = estimate(fashionMnist(", \"trainLimit\": 4000, \"validLimit\": 2000"));
        JsonNode whole = estimate(fashionMnist(""));
        JsonNode limitsAboveTheSizes = estimate(fashionMnist(", \"trainLimit\": 100000, \"validLimit\": 20000"));

        assertThat(limited.get("trainImagesPerEpoch").asInt()).isEqualTo(3968);
        assertThat(limited.get("validImagesPerEpoch").asInt()).isEqualTo(2000);
        assertThat(limited.get("runs").asInt()).isEqualTo(6);
        assertThat(whole.get("trainImagesPerEpoch").asInt()).isEqualTo(59_968);
        assertThat(whole.get("validImagesPerEpoch").asInt()).isEqualTo(10_000);
        assertThat(limitsAboveTheSizes.get("trainImagesPerEpoch").asInt()).isEqualTo(59_968);
        assertThat(limitsAboveTheSizes.get("validImagesPerEpoch").asInt()).isEqualTo(10_000);
    }

    @Test
    void imagenetteCountsAreItsKnownSplitSizes() {
        for (String dataset : new String[]{"imagenette2", "imagenette2-160", "imagenette2-320"}) {
            JsonNode estimate = estimate("""
                    {"dataset": "%s", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""".formatted(dataset));

            assertThat(estimate.get("trainImagesPerEpoch").asInt()).as(dataset).isEqualTo(9469 / 64 * 64);
            assertThat(estimate.get("validImagesPerEpoch").asInt()).as(dataset).isEqualTo(3925);
        }
    }

    @Test
    void folderThatIsNotThereHasNoCountsAndNoEstimate() {
        JsonNode estimate = estimate("""
                {"dataset": "folder:nowhere", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""");

        assertThat(estimate.get("trainImagesPerEpoch").isNull()).isTrue();
        assertThat(estimate.get("validImagesPerEpoch").isNull()).isTrue();
        assertThat(estimate.get("estimatedSeconds").isNull()).isTrue();
        assertThat(estimate.get("basis").asString()).startsWith("the images of folder:nowhere cannot be counted");
    }

    @Test
    void finishedRunsAtTheSameSizeAreTheBasis() {
        JsonNode estimate = estimate(synthetic("gpu2", 40, 2));

        // other test classes' queued runs that gpu2 would take have no basis here, and are said not to count
        assertThat(estimate.get("basis").asString()).startsWith("based on 2 finished GPU runs at 40 px; no live worker"
                + " takes these runs, so this instance's 4 configured slots are assumed");
        assertThat(estimate.get("deviceKind").asString()).isEqualTo("gpu");
        assertThat(estimate.get("workers").asInt()).isEqualTo(SLOTS);
        assertThat(estimate.get("workersLive").asBoolean()).isFalse();
        assertThat(estimate.get("basedOnRuns").asInt()).isEqualTo(2);
        assertThat(estimate.get("runSeconds").asDouble()).isCloseTo(RUN_SECONDS, within(1e-6));
        assertThat(estimate.get("queueAheadSeconds").asDouble()).isZero();
        // four runs on four slots
        assertThat(estimate.get("estimatedSeconds").asDouble()).isCloseTo(RUN_SECONDS, within(1e-6));
    }

    @Test
    void anotherSizeIsScaledByPixelsFromTheNearestFinishedRuns() {
        JsonNode estimate = estimate(synthetic("gpu2", 80, 1));

        assertThat(estimate.get("basis").asString()).startsWith("scaled by pixels from 2 finished GPU runs at 40 px");
        // the 20 s of epochs take four times as long at twice the side; the 10 s outside them stay
        assertThat(estimate.get("runSeconds").asDouble()).isCloseTo(10 + 4 * 20, within(1e-6));
    }

    @Test
    void runsQueuedAheadDelayTheEstimate() {
        postJson("/api/experiments", synthetic("gpu3", 40, 2));

        JsonNode estimate = estimate(synthetic("gpu3", 40, 1));

        // the four queued runs fill the four slots once before the two new ones start
        assertThat(estimate.get("queueAheadSeconds").asDouble()).isCloseTo(RUN_SECONDS, within(1e-6));
        assertThat(estimate.get("estimatedSeconds").asDouble()).isCloseTo(2 * RUN_SECONDS, within(1e-6));
    }

    @Test
    void remainingTimeOfAJustQueuedExperimentIsItsEstimate() {
        String spec = synthetic("gpu4", 40, 3);
        double estimated = estimate(spec).get("estimatedSeconds").asDouble();

        UUID id = UUID.fromString(json(postJson("/api/experiments", spec)).get("id").asString());

        assertThat(estimator.remainingSeconds(id)).hasValueCloseTo(estimated, within(1e-6));
    }

    @Test
    void remainingTimeCountsATrainingRunsEtaAndTheQueuedRunsBehindIt() {
        JsonNode experiment = json(postJson("/api/experiments", synthetic("gpu5", 40, 1)));
        UUID training = UUID.fromString(experiment.get("runs").get(0).get("id").asString());
        jdbc.update("""
                UPDATE runs SET status = 'RUNNING', device = 'gpu5', worker = 'elsewhere', started_at = now(),
                       lease_until = now() + interval '1 hour', eta_seconds = 50, progress_updated_at = now()
                WHERE id = ?""", training);

        double remaining = estimator.remainingSeconds(UUID.fromString(experiment.get("id").asString())).orElseThrow();

        // the training run holds one slot for 50 s more; the queued one takes 30 s on the other
        assertThat(remaining).isCloseTo(50, within(1.0));
    }

    @Test
    void remainingTimeIsEmptyWhenNothingIsLeftOrThereIsNoBasis() {
        String cancelled = json(postJson("/api/experiments", synthetic("gpu6", 40, 1))).get("id").asString();
        post("/api/experiments/" + cancelled + "/cancel");
        String withoutBasis = json(postJson("/api/experiments", synthetic("cpu", 40, 1))).get("id").asString();

        assertThat(estimator.remainingSeconds(UUID.fromString(cancelled))).isEmpty();
        assertThat(estimator.remainingSeconds(UUID.randomUUID())).isEmpty();
        assertThat(estimator.remainingSeconds(UUID.fromString(withoutBasis))).isEmpty();
    }

    @Test
    void aSequentialSpecGetsItsExpectedAndLargestTimeAtTheDefaultScale() {
        JsonNode estimate = estimate(sequential(synthetic("gpu7", 40, 4), 10));
        JsonNode sequential = estimate.get("sequential");

        // the 8 runs of the listed seeds fill the 4 slots twice; each step of 2 seeds (4 runs) fills them once
        assertThat(estimate.get("estimatedSeconds").asDouble()).isCloseTo(2 * RUN_SECONDS, within(1e-6));
        assertThat(sequential.get("largestSeconds").asDouble()).as("steps to 6, 8 and 10 seeds")
                .isCloseTo(2 * RUN_SECONDS + 3 * RUN_SECONDS, within(1e-6));
        assertThat(sequential.get("expectedSeconds").asDouble()).isGreaterThan(2 * RUN_SECONDS)
                .isLessThan(sequential.get("largestSeconds").asDouble());
        assertThat(sequential.get("expectedSeeds").asDouble()).isGreaterThan(4).isLessThan(10);
        assertThat(sequential.get("maxSeeds").asInt()).isEqualTo(10);
        assertThat(sequential.get("sdDifference").asDouble()).isEqualTo(0.01);
        assertThat(sequential.get("assumedDifference").asDouble()).isEqualTo(0.01);
        assertThat(sequential.get("pilotPairs").asInt()).isZero();
        assertThat(sequential.get("scale").asString()).startsWith("sd of paired differences assumed to be 1 point");
        assertThat(estimate(synthetic("gpu7", 40, 4)).get("sequential").isNull()).as("a fixed design").isTrue();
    }

    @Test
    void finishedPairsOfTheSameRecipeAreThePilotsScaleAtThePrimaryEpoch() {
        // 44 px: no other test has this recipe; the runs have no device or times, so they are no speed basis
        JsonNode pilot = json(postJson("/api/experiments", synthetic("gpu9", 44, 3)));
        double[][] lastEpochAccuracy = {{0.50, 0.52, 0.49}, {0.53, 0.52, 0.54}};
        for (JsonNode run : pilot.get("runs")) {
            String id = run.get("id").asString();
            int variant = run.get("variant").asString().equals("zero-init") ? 0 : 1;
            storeEpoch(id, 0, 0.1);
            storeEpoch(id, 1, lastEpochAccuracy[variant][run.get("seed").asInt()]);
            jdbc.update("UPDATE runs SET status = 'SUCCEEDED' WHERE id = ?", UUID.fromString(id));
        }

        JsonNode sequential = estimate(sequential(synthetic("gpu9", 44, 2), 8)).get("sequential");

        // the paired differences 0.03, 0.00, 0.05 have sd sqrt(0.0012667 / 2) = 0.025166 (at epoch 0 they are all 0)
        assertThat(sequential.get("sdDifference").asDouble()).isCloseTo(0.0251661148, within(1e-9));
        assertThat(sequential.get("pilotPairs").asInt()).isEqualTo(3);
        assertThat(sequential.get("scale").asString())
                .isEqualTo("sd of paired differences 2.52 points, from 3 paired seeds of 1 earlier experiment of this recipe");
        assertThat(sequential.get("expectedSeconds").isNull()).as("scaled by pixels from the runs at 40 px").isFalse();
    }

    @Test
    void theSequentialEstimateIsInTheOpenApiDescription() {
        JsonNode schemas = json(get("/v3/api-docs")).get("components").get("schemas");

        assertThat(schemas.get("EstimateView").get("properties").get("sequential")).isNotNull();
        JsonNode fields = schemas.get("SequentialEstimateView").get("properties");
        for (String field : new String[]{"expectedSeconds", "largestSeconds", "expectedSeeds", "maxSeeds",
                "settledShare", "sdDifference", "assumedDifference", "pilotPairs", "simulations", "scale"}) {
            assertThat(fields.get(field).get("description").asString()).as(field).isNotBlank();
        }
    }

    /** {@code spec} made sequential: 2 seeds a step up to {@code maxSeeds}. */
    private static String sequential(String spec, int maxSeeds) {
        return spec.replaceFirst("}\\s*$", ", \"stopping\": {\"rule\": \"anytime\", \"maxSeeds\": %d}}".formatted(maxSeeds));
    }

    /** Synthetic images at {@code imageSize}, 640 / 120 of them, 2 epochs, linear head, 2 variants × {@code seeds}. */
    private static String synthetic(String device, int imageSize, int seeds) {
        return """
                {"dataset": "synthetic", "imageSize": %d, "epochs": 2, "batchSize": 64, "head": "linear",
                 "trainLimit": 640, "validLimit": 120, "device": "%s",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [%s]}""".formatted(imageSize, device,
                IntStream.range(0, seeds).mapToObj(String::valueOf).collect(Collectors.joining(", ")));
    }

    private static String fashionMnist(String limits) {
        return """
                {"dataset": "fashion-mnist", "imageSize": 32, "batchSize": 64%s,
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1, 2]}""".formatted(limits);
    }

    private JsonNode estimate(String spec) {
        HttpResponse<String> response = postJson("/api/estimates", spec);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }
}
