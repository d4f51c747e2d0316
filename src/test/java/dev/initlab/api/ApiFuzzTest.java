package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property-based: mutated specs and requests (wrong types, out-of-range and huge numbers, nesting, any
 * Unicode, unknown fields, broken JSON, odd path segments and parameters) never get a 5xx, every error is
 * {@code application/problem+json}, and nothing stored changes unless the answer was 201. QuickTheories
 * prints the seed of a failing example; {@code -DQT_SEED=<seed>} replays it.
 */
class ApiFuzzTest extends IntegrationTest {

    private static final int EXAMPLES = 250;
    private static final List<String> SPEC_FIELDS = List.of("name", "dataset", "imageSize", "epochs", "batchSize",
            "lrMax", "weightDecay", "head", "trainLimit", "validLimit", "device", "variants", "seeds");
    private static final List<String> ODD_SEGMENTS = List.of("", "%20", "0", "-1", "null", "..", "%2e%2e", "%00",
            "%27%3B--", "%2F", "a%3Bb", "%E2%80%AE", "%F0%9F%92%A5", "x".repeat(5000), UUID.randomUUID().toString());
    private static final int MUTATIONS = 14;
    private static final String VALID_SPEC = """
            {"name": "fuzzed", "dataset": "synthetic", "imageSize": 16, "epochs": 2, "batchSize": 8, "lrMax": 0.001,
             "weightDecay": 0.01, "head": "fastai", "trainLimit": 32, "validLimit": 16, "device": "gpu9",
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0, 1]}""";

    /** Any Unicode, surrogate halves and control characters included. */
    private static final Gen<String> ANY_TEXT = strings().allPossible().ofLengthBetween(0, 40);

    @Test
    void mutatedExperimentSpecsNeverBreakTheServerOrTheStore() {
        qt().withExamples(EXAMPLES).forAll(arbitrary().pick(SPEC_FIELDS), integers().between(0, MUTATIONS - 1),
                ANY_TEXT, longs().all()).checkAssert((field, mutation, text, number) ->
                expectCleanAnswer("POST", "/api/experiments", mutate(field, mutation, text, number)));
    }

    @Test
    void mutatedSpecsForAnEstimateNeverBreakTheServer() {
        qt().withExamples(EXAMPLES / 2).forAll(arbitrary().pick(SPEC_FIELDS), integers().between(0, MUTATIONS - 1),
                ANY_TEXT, longs().all()).checkAssert((field, mutation, text, number) ->
                expectCleanAnswer("POST", "/api/estimates", mutate(field, mutation, text, number)));
    }

    @Test
    void oddPathSegmentsAndParametersAreClientErrors() {
        String experiment = json(postJson("/api/experiments", VALID_SPEC)).get("id").asString();
        List<String> paths = List.of("/api/experiments/%s", "/api/experiments/%s/metrics", "/api/runs/%s",
                "/api/runs/%s/metrics", "/api/experiments/" + experiment + "/comparison?baseline=%s",
                "/api/experiments/" + experiment + "/comparison?epoch=%s", "/api/experiments?page=%s&size=%<s",
                "/api/models/resnet18?classes=%s", "/api/models/resnet18?imageSize=%s&head=%<s",
                "/api/experiments/" + experiment + "/metrics?format=%s");
        Gen<String> segments = arbitrary().pick(ODD_SEGMENTS)
                .mix(ANY_TEXT.map((String text) -> URLEncoder.encode(text, StandardCharsets.UTF_8)))
                .mix(longs().all().map((Long number) -> String.valueOf(number)));
        qt().withExamples(EXAMPLES).forAll(arbitrary().pick(paths), segments, arbitrary().pick(List.of("GET", "POST")))
                .checkAssert((path, segment, method) -> expectCleanAnswer(method, path.formatted(segment), null));
    }

    /** The valid spec with one field changed in one of {@link #MUTATIONS} ways, as the body to send. */
    private static String mutate(String field, int mutation, String text, long number) {
        ObjectNode spec = (ObjectNode) JSON.readTree(VALID_SPEC);
        switch (mutation) {
            case 0 -> spec.put(field, text);
            case 1 -> spec.put(field, number);
            case 2 -> spec.put(field, number / 7.0);
            case 3 -> spec.put(field, number % 2 == 0);
            case 4 -> spec.putNull(field);
            case 5 -> spec.putArray(field).add(text).add(number);
            case 6 -> spec.putObject(field).put(text, number);
            case 7 -> spec.remove(field);
            case 8 -> spec.put("unknown " + text, number);
            case 9 -> spec.put(field, text.repeat(1 + (int) Math.floorMod(number, 5000L)));
            case 10 -> {
                ObjectNode variant = (ObjectNode) spec.get("variants").get((int) Math.floorMod(number, 2L));
                variant.put(number % 3 == 0 ? "name" : "bn2Gamma", number % 2 == 0 ? text : String.valueOf(number));
            }
            case 11 -> {
                ArrayNode seeds = spec.putArray("seeds");
                for (int i = 0; i < 1 + Math.floorMod(number, 80L); i++) {
                    seeds.add(number >> i);
                }
            }
            case 12 -> {
                // deeper than the JSON reader allows
                return "{\"" + field + "\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
            }
            case 13 -> {
                String body = spec.toString();
                return body.substring(0, (int) Math.floorMod(number, (long) body.length()));
            }
            default -> throw new IllegalArgumentException("no mutation " + mutation);
        }
        return spec.toString();
    }

    private void expectCleanAnswer(String method, String path, String body) {
        List<Long> before = storedRows();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));

        HttpResponse<String> response = send(request);

        String what = method + " " + path + (body == null ? "" : " " + abbreviated(body));
        assertThat(response.statusCode()).as("status of %s", what).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as("content type of %s", what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = json(response);
            assertThat(problem.get("status").asInt()).as("problem of %s", what).isEqualTo(response.statusCode());
        }
        if (response.statusCode() != 201) {
            assertThat(storedRows()).as("rows after %s (%d)", what, response.statusCode()).isEqualTo(before);
        }
    }

    private List<Long> storedRows() {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM experiments), (SELECT count(*) FROM variants), (SELECT count(*) FROM runs),
                       (SELECT count(*) FROM epoch_metrics)""",
                (row, i) -> List.of(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)));
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "… (" + body.length() + " chars)";
    }
}
