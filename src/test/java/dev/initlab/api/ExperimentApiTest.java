package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ExperimentApiTest extends IntegrationTest {

    private static final String TWO_VARIANTS = """
            {"dataset": "synthetic", "imageSize": 16, "epochs": 2,
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0, 1]}""";

    /** The spec in the README's curl example, so that the README cannot drift from the API. */
    static String readmeExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher example = Pattern.compile("curl [^\\n]*/api/experiments[^\\n]*\\n?[^']*-d '(\\{.*?})'", Pattern.DOTALL)
                .matcher(readme);
        assertThat(example.find()).as("README.md has a curl example that posts a spec").isTrue();
        return example.group(1);
    }

    @Test
    void readmeExampleRoundTripsThroughCreateReadListAndCsv() throws IOException {
        HttpResponse<String> created = postJson("/api/experiments", readmeExample());

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode experiment = json(created);
        String id = experiment.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/experiments/" + id);
        assertThat(experiment.get("name").asString()).isEqualTo("zero vs one, fashion quick look");
        JsonNode recipe = experiment.get("recipe");
        assertThat(recipe.get("dataset").asString()).isEqualTo("fashion-mnist");
        assertThat(recipe.get("imageSize").asInt()).isEqualTo(32);
        assertThat(recipe.get("epochs").asInt()).isEqualTo(3);
        assertThat(recipe.get("trainLimit").asInt()).isEqualTo(4000);
        assertThat(recipe.get("validLimit").asInt()).isEqualTo(2000);
        assertThat(recipe.get("lrMax").asDouble()).isEqualTo(0.001);
        assertThat(recipe.get("adamBeta2").asDouble()).isEqualTo(0.99);
        assertThat(experiment.get("runs")).hasSize(6);
        assertThat(experiment.get("runs").get(0).get("status").asString()).isEqualTo("QUEUED");
        assertThat(experiment.get("runs").get(0).get("links").get("self").asString()).startsWith("/api/runs/");

        JsonNode readBack = json(get("/api/experiments/" + id));
        assertThat(readBack.get("variants").toString()).isEqualTo(experiment.get("variants").toString());
        assertThat(readBack.get("seeds").toString()).isEqualTo("[0,1,2]");
        assertThat(readBack.get("runs")).hasSize(6);

        JsonNode listed = json(get("/api/experiments?size=100"));
        assertThat(listed.get("items").findValuesAsString("id")).contains(id);

        String runId = experiment.get("runs").get(0).get("id").asString();
        storeKnownEpoch(runId, 0, 0.5);
        HttpResponse<String> csv = get("/api/experiments/" + id + "/metrics?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(
                "experiment_id,run_id,variant,bn2_gamma,seed,epoch,train_loss,valid_loss,accuracy,seconds");
        assertThat(lines.get(1)).isEqualTo(id + "," + runId + ",zero-init,0.0,0,0,1.25,1.5,0.5,12.5");
    }

    @Test
    void specWithOnlyDatasetAndVariantsTakesTheRecipeDefaults() {
        JsonNode experiment = json(postJson("/api/experiments",
                "{\"dataset\": \"synthetic\", \"variants\": [{\"name\": \"one-init\", \"bn2Gamma\": 1}]}"));

        JsonNode recipe = experiment.get("recipe");
        assertThat(recipe.get("imageSize").asInt()).isEqualTo(128);
        assertThat(recipe.get("epochs").asInt()).isEqualTo(5);
        assertThat(recipe.get("batchSize").asInt()).isEqualTo(64);
        assertThat(recipe.get("lrMax").asDouble()).isEqualTo(1e-3);
        assertThat(recipe.get("weightDecay").asDouble()).isEqualTo(0.01);
        assertThat(recipe.get("head").asString()).isEqualTo("fastai");
        assertThat(recipe.get("device").asString()).isEqualTo("auto");
        assertThat(recipe.get("trainLimit").isNull()).isTrue();
        assertThat(experiment.get("seeds").toString()).isEqualTo("[0]");
        assertThat(experiment.get("name").asString()).isEqualTo("synthetic: one-init");
        assertThat(recipe.get("adamBeta2").asDouble()).isEqualTo(0.99);
        assertThat(recipe.get("adamEps").asDouble()).isEqualTo(1e-5);
        assertThat(recipe.get("pctStart").asDouble()).isEqualTo(0.25);
        assertThat(recipe.get("finalDivFactor").asDouble()).isEqualTo(1e5);
    }

    @Test
    void specOverridesEachOfFastaisAdamAndOneCycleNumbers() {
        JsonNode recipe = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "variants": [{"name": "one-init", "bn2Gamma": 1}],
                 "adamBeta2": 0.999, "adamEps": 1e-8, "momentumHigh": 0.9, "momentumLow": 0.8, "pctStart": 0.3,
                 "divFactor": 10, "finalDivFactor": 1000}""")).get("recipe");

        assertThat(List.of("adamBeta2", "adamEps", "momentumHigh", "momentumLow", "pctStart", "divFactor",
                "finalDivFactor")).map(field -> recipe.get(field).asDouble())
                .containsExactly(0.999, 1e-8, 0.9, 0.8, 0.3, 10.0, 1000.0);
    }

    @Test
    void runsAreQueuedSeedBySeedForEveryVariant() {
        JsonNode runs = json(postJson("/api/experiments", TWO_VARIANTS)).get("runs");

        assertThat(runs).hasSize(4);
        assertThat(runs.findValuesAsString("variant")).containsExactly("zero-init", "one-init", "zero-init", "one-init");
        assertThat(runs.findValues("seed").stream().map(JsonNode::asInt).toList()).containsExactly(0, 0, 1, 1);
        assertThat(runs.findValues("bn2Gamma").stream().map(JsonNode::asDouble).toList()).containsExactly(0.0, 1.0, 0.0, 1.0);
    }

    @Test
    void listIsNewestFirstAndPaginated() {
        String older = json(postJson("/api/experiments", TWO_VARIANTS)).get("id").asString();
        String newer = json(postJson("/api/experiments", TWO_VARIANTS)).get("id").asString();

        JsonNode firstPage = json(get("/api/experiments?page=0&size=1"));
        assertThat(firstPage.get("items")).hasSize(1);
        assertThat(firstPage.get("items").get(0).get("id").asString()).isEqualTo(newer);
        assertThat(firstPage.get("totalPages").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode secondPage = json(get("/api/experiments?page=1&size=1"));
        assertThat(secondPage.get("items").get(0).get("id").asString()).isEqualTo(older);
    }

    @Test
    void pageBeyondTheLastIsAProblemNotAServerFault() {
        HttpResponse<String> response = get("/api/experiments?page=2147483647&size=100");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("page");
    }

    @Test
    void metricsAreServedAsJsonAndAsCsvByAcceptHeader() {
        JsonNode experiment = json(postJson("/api/experiments", TWO_VARIANTS));
        String id = experiment.get("id").asString();
        String runId = experiment.get("runs").get(1).get("id").asString();
        storeKnownEpoch(runId, 0, 0.25);
        storeKnownEpoch(runId, 1, 0.75);

        JsonNode metrics = json(get("/api/experiments/" + id + "/metrics"));
        JsonNode run = metrics.get("runs").get(1);
        assertThat(run.get("variant").asString()).isEqualTo("one-init");
        assertThat(run.get("epochs").findValues("accuracy").stream().map(JsonNode::asDouble).toList())
                .containsExactly(0.25, 0.75);
        assertThat(metrics.get("runs").get(0).get("epochs")).isEmpty();

        JsonNode runMetrics = json(get("/api/runs/" + runId + "/metrics"));
        assertThat(runMetrics).hasSize(2);
        assertThat(runMetrics.get(1).get("trainLossMean").asDouble()).isEqualTo(1.0);

        HttpResponse<String> csv = get("/api/experiments/" + id + "/metrics", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(3);
    }

    @Test
    void csvQuotesVariantNamesWithCommasQuotesAndFormulas() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "variants": [{"name": "=HYPERLINK(\\"x\\")", "bn2Gamma": 0},
                                                      {"name": "one, init", "bn2Gamma": 1}]}"""));
        experiment.get("runs").forEach(run -> storeKnownEpoch(run.get("id").asString(), 0, 0.5));

        List<String> rows = get("/api/experiments/" + experiment.get("id").asString() + "/metrics?format=csv")
                .body().lines().skip(1).toList();

        assertThat(rows).anySatisfy(row -> assertThat(row).contains(",\"'=HYPERLINK(\"\"x\"\")\","));
        assertThat(rows).anySatisfy(row -> assertThat(row).contains(",\"one, init\","));
    }

    @Test
    void cancellingAnExperimentCancelsQueuedRunsAndAsksRunningOnesToStop() {
        JsonNode experiment = json(postJson("/api/experiments", TWO_VARIANTS));
        String id = experiment.get("id").asString();
        String running = experiment.get("runs").get(0).get("id").asString();
        jdbc.update("UPDATE runs SET status = 'RUNNING', worker = 'w', lease_until = now() + interval '1 minute'"
                + " WHERE id = ?", UUID.fromString(running));

        JsonNode cancelled = json(post("/api/experiments/" + id + "/cancel"));

        assertThat(cancelled.get("runCounts").get("CANCELLED").asInt()).isEqualTo(3);
        assertThat(cancelled.get("runCounts").get("RUNNING").asInt()).isEqualTo(1);
        JsonNode runningRun = json(get("/api/runs/" + running));
        assertThat(runningRun.get("status").asString()).isEqualTo("RUNNING");
        assertThat(runningRun.get("cancelRequested").asBoolean()).isTrue();
    }

    @Test
    void cancellingAQueuedRunCancelsItAndAFinishedRunIsAConflict() {
        JsonNode runs = json(postJson("/api/experiments", TWO_VARIANTS)).get("runs");
        String queued = runs.get(0).get("id").asString();
        String finished = runs.get(1).get("id").asString();
        jdbc.update("UPDATE runs SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?", UUID.fromString(finished));

        JsonNode cancelled = json(post("/api/runs/" + queued + "/cancel"));
        HttpResponse<String> conflict = post("/api/runs/" + finished + "/cancel");

        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("finishedAt").isNull()).isFalse();
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(get("/api/runs/" + finished)).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void unknownIdsAreNotFoundProblems() {
        String missing = UUID.randomUUID().toString();
        for (String path : List.of("/api/experiments/" + missing, "/api/runs/" + missing,
                "/api/runs/" + missing + "/metrics", "/api/experiments/" + missing + "/metrics")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(json(response).get("detail").asString()).as(path).contains(missing);
        }
        assertThat(post("/api/experiments/" + missing + "/cancel").statusCode()).isEqualTo(404);
        assertThat(post("/api/runs/" + missing + "/cancel").statusCode()).isEqualTo(404);
    }

    @Test
    void openApiSwaggerUiAndHealthAreServed() {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).get("paths").has("/api/experiments/{id}/metrics")).isTrue();
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(json(get("/actuator/health")).get("status").asString()).isEqualTo("UP");
    }

    private void storeKnownEpoch(String runId, int epoch, double accuracy) {
        jdbc.update("INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)"
                + " VALUES (?, ?, 1.25, 1.0, 1.5, ?, 12.5)", UUID.fromString(runId), epoch, accuracy);
    }
}
