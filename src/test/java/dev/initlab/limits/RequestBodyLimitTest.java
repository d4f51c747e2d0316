package dev.initlab.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithLowLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Request bodies over initlab.limits.max-request-body (2 KB here) are a 413 problem, declared or chunked, JSON or form. */
@WithLowLimits
class RequestBodyLimitTest extends IntegrationTest {

    private static final String SPEC = """
            {"dataset": "synthetic", "device": "gpu9", "epochs": 1, "variants": [{"name": "one-init", "bn2Gamma": 1}]}""";
    private static final int LIMIT = 2048;

    private long experimentsBefore;

    @BeforeEach
    void emptyQueueAndCountExperiments() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
        experimentsBefore = experiments();
    }

    @Test
    void jsonBodyDeclaredOverTheLimitIsA413NamingItsSize() {
        String body = padded(SPEC, LIMIT + 1);

        HttpResponse<String> response = postJson("/api/experiments", body);

        JsonNode problem = tooLarge(response);
        assertThat(problem.get("requested").asLong()).isEqualTo(LIMIT + 1);
        assertThat(problem.get("detail").asString()).contains("2,049 bytes").contains("at most 2,048");
        assertThat(experiments()).isEqualTo(experimentsBefore);
    }

    @Test
    void jsonBodyOfExactlyTheLimitIsAccepted() {
        assertThat(postJson("/api/experiments", padded(SPEC, LIMIT)).statusCode()).isEqualTo(201);
    }

    @Test
    void chunkedJsonBodyOverTheLimitIsA413ThoughItDeclaredNoLength() {
        HttpResponse<String> response = send(chunked("/api/experiments", "application/json", padded(SPEC, 3 * LIMIT)));

        JsonNode problem = tooLarge(response);
        assertThat(problem.has("requested")).as("a chunked body's length is not known").isFalse();
        assertThat(experiments()).isEqualTo(experimentsBefore);
    }

    @Test
    void chunkedJsonBodyWithinTheLimitReachesTheApiWhole() {
        HttpResponse<String> response = send(chunked("/api/experiments", "application/json", padded(SPEC, LIMIT)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(experiments()).isEqualTo(experimentsBefore + 1);
    }

    @Test
    void formBodyOverTheLimitIsA413BeforeItsCsrfTokenIsLookedAt() {
        String form = "name=" + "x".repeat(LIMIT) + "&dataset=synthetic";

        HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/experiments/new"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        HttpResponse<String> chunked = send(chunked("/experiments/new", "application/x-www-form-urlencoded", form));

        assertThat(tooLarge(declared).get("requested").asLong()).isEqualTo(form.length());
        tooLarge(chunked);
        assertThat(experiments()).isEqualTo(experimentsBefore);
    }

    private static JsonNode tooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/limit-exceeded");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("limit").asString()).isEqualTo("initlab.limits.max-request-body");
        assertThat(problem.get("allowed").asLong()).isEqualTo(LIMIT);
        return problem;
    }

    /** A body with no Content-Length: the client sends it in chunks. */
    private HttpRequest.Builder chunked(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
    }

    /** The JSON followed by spaces up to {@code length} bytes. */
    private static String padded(String json, int length) {
        return json + " ".repeat(length - json.length());
    }

    private long experiments() {
        return jdbc.queryForObject("SELECT count(*) FROM experiments", Long.class);
    }
}
