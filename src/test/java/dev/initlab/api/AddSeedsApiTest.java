package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/experiments/{id}/seeds}: new seeds queue runs with the stored recipe, or nothing is stored. */
class AddSeedsApiTest extends IntegrationTest {

    /** Two variants, seeds 0 and 1, a recipe of its own; no worker has gpu9, so its runs stay queued. */
    private static final String SPEC = """
            {"name": "seeds to add", "dataset": "synthetic", "imageSize": 24, "epochs": 2, "batchSize": 16,
             "lrMax": 0.002, "device": "gpu9",
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0, 1]}""";

    @Test
    void countAddsTheNextUnusedSeedsAndQueuesOneRunPerVariantSeedBySeed() {
        String id = experiment();

        HttpResponse<String> response = addSeeds(id, "{\"count\": 2}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/experiments/" + id);
        JsonNode added = json(response);
        assertThat(added.get("experimentId").asString()).isEqualTo(id);
        assertThat(longs(added.get("seeds"))).containsExactly(2L, 3L);
        JsonNode runs = added.get("runs");
        assertThat(runs).hasSize(4);
        assertThat(runs.findValuesAsString("variant")).containsExactly("zero-init", "one-init", "zero-init", "one-init");
        assertThat(longs(runs.findValues("seed"))).containsExactly(2L, 2L, 3L, 3L);
        assertThat(runs.findValuesAsString("status")).containsOnly("QUEUED");
        assertThat(runs.findValuesAsString("experimentId")).containsOnly(id);
        assertThat(runs.get(0).get("links").get("self").asString()).startsWith("/api/runs/");
        assertThat(added.get("links").get("experiment").asString()).isEqualTo("/api/experiments/" + id);

        JsonNode experiment = json(get("/api/experiments/" + id));
        assertThat(longs(experiment.get("seeds"))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(experiment.get("runs")).hasSize(8);
        assertThat(experiment.get("runCounts").get("QUEUED").asInt()).isEqualTo(8);
        // stored in the queue behind the experiment's first runs, with the variants' own gammas
        assertThat(jdbc.queryForList("""
                SELECT r.seed FROM runs r WHERE r.experiment_id = ?::uuid ORDER BY r.queue_order""", Long.class, id))
                .containsExactly(0L, 0L, 1L, 1L, 2L, 2L, 3L, 3L);
        assertThat(jdbc.queryForList("""
                SELECT v.bn2_gamma FROM runs r JOIN variants v ON v.id = r.variant_id
                WHERE r.experiment_id = ?::uuid AND r.seed >= 2 ORDER BY r.queue_order""", Double.class, id))
                .containsExactly(0.0, 1.0, 0.0, 1.0);
    }

    @Test
    void countFillsTheGapsBetweenTheExperimentsSeedsFirst() {
        String id = experimentWithSeeds("[0, 2, 5]");

        JsonNode added = json(addSeeds(id, "{\"count\": 3}"));

        assertThat(longs(added.get("seeds"))).containsExactly(1L, 3L, 4L);
    }

    @Test
    void explicitSeedsAreAddedInTheOrderGivenWithTheStoredRecipe() {
        String id = experiment();
        JsonNode recipeBefore = json(get("/api/experiments/" + id)).get("recipe");

        HttpResponse<String> response = addSeeds(id, "{\"seeds\": [9, 4, 2147483647]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode added = json(response);
        assertThat(longs(added.get("seeds"))).containsExactly(9L, 4L, 2147483647L);
        assertThat(longs(added.get("runs").findValues("seed"))).containsExactly(9L, 9L, 4L, 4L, 2147483647L, 2147483647L);
        JsonNode experiment = json(get("/api/experiments/" + id));
        assertThat(longs(experiment.get("seeds"))).containsExactly(0L, 1L, 9L, 4L, 2147483647L);
        assertThat(experiment.get("recipe")).isEqualTo(recipeBefore);
        assertThat(experiment.get("recipe").get("imageSize").asInt()).isEqualTo(24);
        assertThat(experiment.get("recipe").get("lrMax").asDouble()).isEqualTo(0.002);
    }

    @Test
    void aSeedAlreadyInTheExperimentIsA409NamingItAndStoresNothing() {
        String id = experiment();
        Map<String, Object> before = storedRows();

        HttpResponse<String> response = addSeeds(id, "{\"seeds\": [7, 1]}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/seed-already-in-experiment");
        assertThat(problem.get("title").asString()).isEqualTo("Seed already in the experiment");
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("detail").asString()).startsWith("Seed 1 is already in experiment " + id);
        assertThat(longs(problem.get("seeds"))).containsExactly(1L);
        assertThat(storedRows()).isEqualTo(before);
        assertThat(longs(json(get("/api/experiments/" + id)).get("seeds"))).containsExactly(0L, 1L);
    }

    @Test
    void severalSeedsAlreadyInTheExperimentAreAllNamed() {
        String id = experiment();

        JsonNode problem = json(addSeeds(id, "{\"seeds\": [1, 5, 0]}"));

        assertThat(problem.get("detail").asString()).startsWith("Seeds 1, 0 are already in experiment " + id);
        assertThat(longs(problem.get("seeds"))).containsExactly(1L, 0L);
    }

    @Test
    void malformedRequestsAre400ProblemsNamingTheFieldAndStoreNothing() {
        String id = experiment();
        Map<String, Object> before = storedRows();
        Map<String, String> fieldOf = Map.ofEntries(
                Map.entry("{}", "count"),
                Map.entry("{\"count\": null, \"seeds\": null}", "count"),
                Map.entry("{\"count\": 2, \"seeds\": [5]}", "seeds"),
                Map.entry("{\"count\": 0}", "count"),
                Map.entry("{\"count\": 51}", "count"),
                Map.entry("{\"count\": 1.5}", "count"),
                Map.entry("{\"count\": \"2\"}", "count"),
                Map.entry("{\"seeds\": []}", "seeds"),
                Map.entry("{\"seeds\": [5, 5]}", "seeds"),
                Map.entry("{\"seeds\": [-1]}", "seeds[0]"),
                Map.entry("{\"seeds\": [2147483648]}", "seeds[0]"),
                Map.entry("{\"seeds\": [5, null]}", "seeds[1]"),
                Map.entry("{\"seeds\": " + IntStream.range(10, 61).boxed().toList() + "}", "seeds"),
                Map.entry("{\"count\": 2, \"extra\": 1}", "extra"),
                Map.entry("{\"count\": 2", "body"),
                Map.entry("[2]", "body"));

        fieldOf.forEach((body, field) -> {
            HttpResponse<String> response = addSeeds(id, body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.get("type").asString()).as(body).isEqualTo("/problems/invalid-request");
            assertThat(problem.get("errors").findValuesAsString("field")).as(body).contains(field);
        });
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void anUnknownExperimentIsTheUsual404Problem() {
        String missing = UUID.randomUUID().toString();
        Map<String, Object> before = storedRows();

        HttpResponse<String> response = addSeeds(missing, "{\"count\": 1}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("title").asString()).isEqualTo("Not found");
        assertThat(json(response).get("detail").asString()).contains(missing);
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void addingSeedsChangesTheComparisonsAndTheMetricsETags() {
        String id = experimentOfFinishedRuns(2, 2);
        String comparisonPath = "/api/experiments/" + id + "/comparison";
        String metricsPath = "/api/experiments/" + id + "/metrics";
        String csvPath = metricsPath + "?format=csv";
        HttpResponse<String> comparison = get(comparisonPath);
        HttpResponse<String> metrics = get(metricsPath);
        HttpResponse<String> csv = get(csvPath);
        assertThat(conditionalGet(metricsPath, etagOf(metrics)).statusCode()).as("cached before").isEqualTo(304);

        assertThat(addSeeds(id, "{\"count\": 1}").statusCode()).isEqualTo(201);

        HttpResponse<String> newComparison = conditionalGet(comparisonPath, etagOf(comparison));
        HttpResponse<String> newMetrics = conditionalGet(metricsPath, etagOf(metrics));
        HttpResponse<String> newCsv = conditionalGet(csvPath, etagOf(csv));
        assertThat(newComparison.statusCode()).isEqualTo(200);
        assertThat(etagOf(newComparison)).isNotEqualTo(etagOf(comparison));
        assertThat(newMetrics.statusCode()).isEqualTo(200);
        assertThat(etagOf(newMetrics)).isNotEqualTo(etagOf(metrics));
        assertThat(longs(json(newMetrics).get("runs").findValues("seed"))).containsExactlyInAnyOrder(0L, 1L, 2L);
        assertThat(newCsv.statusCode()).isEqualTo(200);
        assertThat(etagOf(newCsv)).isNotEqualTo(etagOf(csv));
    }

    @Test
    void twoRequestsAtOnceNeverPickTheSameSeed() throws Exception {
        for (int round = 0; round < 3; round++) {
            String id = experiment();
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, 2)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(start);
                        return addSeeds(id, "{\"count\": 2}");
                    }))
                    .toList();

            for (CompletableFuture<HttpResponse<String>> request : requests) {
                assertThat(request.get().statusCode()).as("round %d: %s", round, request.get().body()).isEqualTo(201);
            }
            assertThat(longs(json(get("/api/experiments/" + id)).get("seeds")))
                    .as("round %d", round).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void theEndpointIsInTheOpenApiDescription() {
        JsonNode docs = json(get("/v3/api-docs"));

        JsonNode operation = docs.get("paths").get("/api/experiments/{id}/seeds").get("post");
        assertThat(operation.get("summary").asString()).contains("Add seeds");
        assertThat(operation.get("responses").propertyNames()).contains("201", "400", "404", "409", "429");
        JsonNode request = docs.get("components").get("schemas").get("SeedsToAdd").get("properties");
        assertThat(request.propertyNames()).containsExactlyInAnyOrder("count", "seeds");
        assertThat(docs.get("components").get("schemas").get("AddedSeedsView").get("properties").get("runs")
                .get("description").asString()).isNotBlank();
    }

    private HttpResponse<String> addSeeds(String experimentId, String body) {
        return postJson("/api/experiments/" + experimentId + "/seeds", body);
    }

    private String experiment() {
        return experimentWithSeeds("[0, 1]");
    }

    private String experimentWithSeeds(String seeds) {
        HttpResponse<String> created = postJson("/api/experiments", SPEC.replace("[0, 1]", seeds));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private HttpResponse<String> conditionalGet(String path, String etag) {
        return send(HttpRequest.newBuilder(uri(path)).header("If-None-Match", etag).GET());
    }

    private static String etagOf(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private Map<String, Object> storedRows() {
        return jdbc.queryForMap("SELECT (SELECT count(*) FROM experiments) AS experiments,"
                + " (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM runs) AS runs");
    }

    private static List<Long> longs(JsonNode array) {
        return array.valueStream().map(JsonNode::asLong).toList();
    }

    private static List<Long> longs(List<JsonNode> values) {
        return values.stream().map(JsonNode::asLong).toList();
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
