package dev.initlab.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Conditional requests, invalidation by a new epoch or a run's change, and gzip on the wire. */
class VersionedResponsesTest extends IntegrationTest {

    @Test
    void aRepeatedConditionalRequestIsAnswered304WithoutABody() {
        JsonNode experiment = experimentWithOneEpoch(true);
        String id = experiment.get("id").asString();
        String runId = experiment.get("runs").get(0).get("id").asString();

        for (String path : List.of("/experiments/" + id, "/runs/" + runId, "/api/experiments/" + id + "/comparison",
                "/api/experiments/" + id + "/metrics", "/api/experiments/" + id + "/metrics?format=csv")) {
            HttpResponse<String> first = get(path);
            String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + path));

            HttpResponse<String> again = conditionalGet(path, first);

            assertThat(first.statusCode()).as(path).isEqualTo(200);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).as(path).isEmpty();
            assertThat(again.headers().firstValue("ETag")).as(path).hasValue(etag);
        }
    }

    @Test
    void aNewEpochInvalidatesTheCachedComparisonCsvAndPage() {
        JsonNode experiment = experimentWithOneEpoch(true);
        String id = experiment.get("id").asString();
        String comparisonPath = "/api/experiments/" + id + "/comparison";
        String csvPath = "/api/experiments/" + id + "/metrics?format=csv";
        HttpResponse<String> comparison = get(comparisonPath);
        HttpResponse<String> csv = get(csvPath);
        HttpResponse<String> page = get("/experiments/" + id);
        assertThat(json(comparison).get("variants").get(0).get("epochs")).hasSize(1);

        storeEpoch(experiment.get("runs").get(0).get("id").asString(), 1, 0.875);

        HttpResponse<String> newComparison = conditionalGet(comparisonPath, etagOf(comparison));
        assertThat(newComparison.statusCode()).isEqualTo(200);
        assertThat(etagOf(newComparison)).isNotEqualTo(etagOf(comparison));
        assertThat(json(newComparison).get("variants").get(0).get("epochs")).hasSize(2);
        HttpResponse<String> newCsv = conditionalGet(csvPath, etagOf(csv));
        assertThat(newCsv.statusCode()).isEqualTo(200);
        assertThat(newCsv.body().lines()).hasSize((int) csv.body().lines().count() + 1)
                .anyMatch(line -> line.endsWith(",1,1.0,1.0,0.875,10.0"));
        HttpResponse<String> newPage = conditionalGet("/experiments/" + id, page);
        assertThat(newPage.statusCode()).isEqualTo(200);
        assertThat(newPage.body()).contains("0.875000");
    }

    @Test
    void aRunsNewStatusInvalidatesTheMetricsButNotTheComparisonOfUnchangedEpochs() {
        JsonNode experiment = experimentWithOneEpoch(false);
        String id = experiment.get("id").asString();
        HttpResponse<String> metrics = get("/api/experiments/" + id + "/metrics");
        HttpResponse<String> comparison = get("/api/experiments/" + id + "/comparison");

        post("/api/experiments/" + id + "/cancel");

        HttpResponse<String> newMetrics = conditionalGet("/api/experiments/" + id + "/metrics", etagOf(metrics));
        assertThat(newMetrics.statusCode()).isEqualTo(200);
        assertThat(json(newMetrics).get("runs").findValuesAsString("status")).containsOnly("CANCELLED");
        assertThat(conditionalGet("/api/experiments/" + id + "/comparison", etagOf(comparison)).statusCode())
                .isEqualTo(304);
    }

    @Test
    void clientsThatAcceptGzipGetItAndOthersGetTheSameTextPlain() throws IOException {
        String id = experimentWithOneEpoch(true).get("id").asString();
        String path = "/api/experiments/" + id + "/metrics?format=csv";

        HttpResponse<byte[]> gzipped = send(HttpRequest.newBuilder(uri(path)).header("Accept-Encoding", "gzip"),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> plain = get(path);

        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValueSatisfying(vary -> assertThat(vary).contains("Accept-Encoding"));
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
        assertThat(plain.body()).startsWith("experiment_id,run_id,variant,bn2_gamma,seed,epoch,");
    }

    @Test
    void progressKeepsTheExperimentsPageButANewStatusRenewsIt() {
        String id = experimentWithOneEpoch(true).get("id").asString();
        HttpResponse<String> page = get("/experiments/" + id);

        jdbc.update("UPDATE runs SET progress_epoch = 1, progress_batch = 7, progress_updated_at = now()"
                + " WHERE experiment_id = ?", UUID.fromString(id));
        int afterProgress = conditionalGet("/experiments/" + id, page).statusCode();
        jdbc.update("UPDATE runs SET status = 'FAILED', error = 'worker lost' WHERE experiment_id = ?", UUID.fromString(id));
        HttpResponse<String> afterFailure = conditionalGet("/experiments/" + id, page);

        assertThat(afterProgress).isEqualTo(304);
        assertThat(afterFailure.statusCode()).isEqualTo(200);
        assertThat(afterFailure.body()).contains("worker lost");
    }

    @Test
    void theCachedHomePageShowsANewExperimentAndANewEpochAtOnce() {
        String id = experimentWithOneEpoch(true).get("id").asString();
        String before = get("/").body();
        JsonNode newer = json(postJson("/api/experiments", """
                {"name": "arrives while the home page is cached", "dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""));
        storeEpoch(newer.get("runs").get(0).get("id").asString(), 0, 0.25);

        String after = get("/").body();

        assertThat(before).contains(id).doesNotContain("arrives while the home page is cached");
        assertThat(after).contains("arrives while the home page is cached", "one-init mean accuracy by epoch: 0.25");
    }

    @Test
    void onePageRenderingServesEverySessionEachWithItsOwnCsrfToken() {
        String id = experimentWithOneEpoch(false).get("id").asString();

        HttpResponse<String> first = get("/experiments/" + id);
        HttpResponse<String> second = get("/experiments/" + id);

        assertThat(first.body()).contains("name=\"_csrf\"").doesNotContain("initlab-csrf-token");
        assertThat(csrfToken(second)).isNotEqualTo(csrfToken(first));
        assertThat(first.headers().firstValue("Set-Cookie")).isPresent();
        assertThat(first.body().replace(csrfToken(first), "")).isEqualTo(second.body().replace(csrfToken(second), ""));
    }

    @Test
    void aNameLikeAPlaceholderIsShownAsWritten() {
        String name = "initlab-csrf-token-of-the-requester";
        String id = json(postJson("/api/experiments", """
                {"name": "%s", "dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}]}""".formatted(name))).get("id").asString();

        HttpResponse<String> page = get("/experiments/" + id);

        assertThat(page.body()).contains("name=\"_csrf\"", "<title>" + name + " · InitLab</title>", "<h1>" + name + "</h1>",
                "<meta property=\"og:title\" content=\"" + name + "\">");
    }

    @Test
    void cachedPagesAreKeptOnlyByTheBrowserAndVaryWithItsCookie() {
        String id = experimentWithOneEpoch(false).get("id").asString();

        for (String path : List.of("/", "/experiments/" + id)) {
            HttpResponse<String> page = get(path);

            assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValue("private, no-cache");
            assertThat(page.headers().allValues("Vary")).as(path)
                    .anySatisfy(vary -> assertThat(vary).containsIgnoringCase("cookie"));
        }
    }

    @Test
    void aFirstPagesEtagNamesTheSessionWhoseTokenItHolds() {
        String path = "/experiments/" + experimentWithOneEpoch(false).get("id").asString();
        HttpResponse<String> first = get(path);

        HttpResponse<String> withoutTheSession = conditionalGet(path, etagOf(first));
        HttpResponse<String> withTheSession = conditionalGet(path, first);

        assertThat(withoutTheSession.statusCode()).isEqualTo(200);
        assertThat(csrfToken(withoutTheSession)).isNotEqualTo(csrfToken(first));
        assertThat(withTheSession.statusCode()).isEqualTo(304);
    }

    private static String csrfToken(HttpResponse<String> page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("a CSRF token in the page").isTrue();
        return token.group(1);
    }

    @Test
    void anExperimentPageOfAThousandRunsRendersEveryRun() {
        String id = experimentOfFinishedRuns(1000, 3);

        HttpResponse<String> page = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            long start = System.nanoTime();
            page = get("/experiments/" + id);
            System.out.printf("experiment page of 1,000 runs (%s): %d ms, %,d bytes%n", attempt == 0 ? "rendered" : "cached",
                    (System.nanoTime() - start) / 1_000_000, page.body().length());
        }

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().split("<tr class=\"run\"", -1)).hasSize(1001);
        assertThat(page.body()).contains("one-init · seed 999");
    }

    /** Four runs with one stored epoch each; finished ones, so that their pages have no forms. */
    private JsonNode experimentWithOneEpoch(boolean finished) {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 2, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1]}"""));
        experiment.get("runs").forEach(run -> storeEpoch(run.get("id").asString(), 0, 0.5));
        if (finished) {
            jdbc.update("UPDATE runs SET status = 'SUCCEEDED', started_at = now(), finished_at = now()"
                    + " WHERE experiment_id = ?", UUID.fromString(experiment.get("id").asString()));
        }
        return experiment;
    }

    private HttpResponse<String> conditionalGet(String path, String etag) {
        return send(HttpRequest.newBuilder(uri(path)).header("If-None-Match", etag));
    }

    /** Asks again for what {@code earlier} answered, as a browser would: with its ETag and the session it started. */
    private HttpResponse<String> conditionalGet(String path, HttpResponse<String> earlier) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("If-None-Match", etagOf(earlier));
        earlier.headers().firstValue("Set-Cookie").ifPresent(cookie -> request.header("Cookie", cookie.split(";")[0]));
        return send(request);
    }

    private static String etagOf(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }
}
