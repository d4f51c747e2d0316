package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every bad request is a 4xx problem naming the field at fault, and stores nothing. */
class MalformedRequestTest extends IntegrationTest {

    private static final String VARIANTS = "\"variants\": [{\"name\": \"zero-init\", \"bn2Gamma\": 0}]";

    private Map<String, Integer> rowsBefore;

    @BeforeEach
    void storeOneGoodExperiment() {
        assertThat(postJson("/api/experiments", spec("\"epochs\": 1")).statusCode()).isEqualTo(201);
        rowsBefore = rowCounts();
    }

    static Stream<Arguments> malformedSpecs() {
        return Stream.of(
                bad("epochs zero", spec("\"epochs\": 0"), "epochs"),
                bad("epochs over 1000", spec("\"epochs\": 1001"), "epochs"),
                bad("epochs as a string", spec("\"epochs\": \"5\""), "epochs"),
                bad("epochs fractional", spec("\"epochs\": 1.5"), "epochs"),
                bad("epochs beyond int", spec("\"epochs\": 99999999999"), "epochs"),
                bad("batch size zero", spec("\"batchSize\": 0"), "batchSize"),
                bad("batch size over 4096", spec("\"batchSize\": 4097"), "batchSize"),
                bad("image size under 16", spec("\"imageSize\": 15"), "imageSize"),
                bad("image size over 1024", spec("\"imageSize\": 1025"), "imageSize"),
                bad("lr max zero", spec("\"lrMax\": 0"), "lrMax"),
                bad("lr max negative", spec("\"lrMax\": -0.1"), "lrMax"),
                bad("lr max over 10", spec("\"lrMax\": 10.5"), "lrMax"),
                bad("lr max as text", spec("\"lrMax\": \"fast\""), "lrMax"),
                bad("weight decay negative", spec("\"weightDecay\": -0.01"), "weightDecay"),
                bad("weight decay over 1", spec("\"weightDecay\": 1.5"), "weightDecay"),
                bad("unknown head", spec("\"head\": \"mlp\""), "head"),
                bad("unknown device", spec("\"device\": \"tpu\""), "device"),
                bad("train limit zero", spec("\"trainLimit\": 0"), "trainLimit"),
                bad("valid limit negative", spec("\"validLimit\": -5"), "validLimit"),
                bad("unknown dataset", "{\"dataset\": \"imagenet\", " + VARIANTS + "}", "dataset"),
                bad("dataset missing", "{" + VARIANTS + "}", "dataset"),
                bad("dataset blank", "{\"dataset\": \" \", " + VARIANTS + "}", "dataset"),
                bad("folder escaping the data root", "{\"dataset\": \"folder:../etc\", " + VARIANTS + "}", "dataset"),
                bad("folder with an absolute path", "{\"dataset\": \"folder:/etc\", " + VARIANTS + "}", "dataset"),
                bad("folder escaping midway", "{\"dataset\": \"folder:a/../../b\", " + VARIANTS + "}", "dataset"),
                bad("dataset longer than its column", "{\"dataset\": \"folder:" + "a".repeat(400) + "\", " + VARIANTS + "}",
                        "dataset"),
                bad("variants missing", "{\"dataset\": \"synthetic\"}", "variants"),
                bad("beta2 of 1", "{\"dataset\": \"synthetic\", \"adamBeta2\": 1, " + VARIANTS + "}", "adamBeta2"),
                bad("eps of 0", "{\"dataset\": \"synthetic\", \"adamEps\": 0, " + VARIANTS + "}", "adamEps"),
                bad("momentum over 1", "{\"dataset\": \"synthetic\", \"momentumLow\": 1.5, " + VARIANTS + "}",
                        "momentumLow"),
                bad("warm-up of the whole cycle", "{\"dataset\": \"synthetic\", \"pctStart\": 1, " + VARIANTS + "}",
                        "pctStart"),
                bad("div below 1", "{\"dataset\": \"synthetic\", \"divFactor\": 0.5, " + VARIANTS + "}", "divFactor"),
                bad("variants empty", "{\"dataset\": \"synthetic\", \"variants\": []}", "variants"),
                bad("21 variants", "{\"dataset\": \"synthetic\", \"variants\": [" + manyVariants(21) + "]}", "variants"),
                bad("duplicate variant names", "{\"dataset\": \"synthetic\", \"variants\": ["
                        + "{\"name\": \"a\", \"bn2Gamma\": 0}, {\"name\": \"a\", \"bn2Gamma\": 1}]}", "variants"),
                bad("variant without a name", "{\"dataset\": \"synthetic\", \"variants\": [{\"bn2Gamma\": 0}]}",
                        "variants[0].name"),
                bad("variant without a gamma", "{\"dataset\": \"synthetic\", \"variants\": [{\"name\": \"a\"}]}",
                        "variants[0].bn2Gamma"),
                bad("gamma negative", "{\"dataset\": \"synthetic\", \"variants\": [{\"name\": \"a\", \"bn2Gamma\": -0.5}]}",
                        "variants[0].bn2Gamma"),
                bad("gamma over 2", "{\"dataset\": \"synthetic\", \"variants\": [{\"name\": \"a\", \"bn2Gamma\": 0},"
                        + " {\"name\": \"b\", \"bn2Gamma\": 2.5}]}", "variants[1].bn2Gamma"),
                bad("variant null", "{\"dataset\": \"synthetic\", \"variants\": [null]}", "variants[0]"),
                bad("variants not a list", "{\"dataset\": \"synthetic\", \"variants\": {\"name\": \"a\"}}", "variants"),
                bad("seeds empty", spec("\"seeds\": []"), "seeds"),
                bad("51 seeds", spec("\"seeds\": [" + String.join(",", Stream.iterate(0, i -> i + 1).limit(51)
                        .map(String::valueOf).toList()) + "]"), "seeds"),
                bad("negative seed", spec("\"seeds\": [0, -1]"), "seeds[1]"),
                bad("duplicate seeds", spec("\"seeds\": [3, 3]"), "seeds"),
                bad("seed as text", spec("\"seeds\": [\"one\"]"), "seeds[0]"),
                bad("unknown field", spec("\"epoch\": 20"), "epoch"),
                bad("name too long", spec("\"name\": \"" + "x".repeat(201) + "\""), "name"),
                bad("malformed JSON", "{\"dataset\": \"synthetic\",", "body"),
                bad("not an object", "[1, 2, 3]", "body"),
                bad("NaN for a number", spec("\"lrMax\": NaN"), "lrMax"),
                bad("batch beyond a Java array", spec("\"batchSize\": 4096, \"imageSize\": 1024"), "batchSize"),
                bad("batch beyond a Java array, on the image size too", spec("\"batchSize\": 4096, \"imageSize\": 1024"),
                        "imageSize"),
                bad("batch beyond a worker's memory", spec("\"batchSize\": 512, \"imageSize\": 1024"), "batchSize"));
    }

    @Test
    void batchThatNoWorkerCanTrainIsRefusedSayingWhichLimitApplies() {
        HttpResponse<String> tooBigForMemory = postJson("/api/experiments", spec("\"batchSize\": 512, \"imageSize\": 1024"));
        HttpResponse<String> tooBigForAnArray = postJson("/api/experiments", spec("\"batchSize\": 4096, \"imageSize\": 1024"));

        assertThat(json(tooBigForMemory).get("detail").asString())
                .contains("a batch of 512 images at 1024 px needs about 805.3 GB to train")
                .contains("initlab.worker.memory-per-run");
        assertThat(json(tooBigForAnArray).get("detail").asString()).contains("more than a Java float[] holds");
        assertThat(postJson("/api/experiments", spec("\"batchSize\": 64, \"imageSize\": 256")).statusCode())
                .isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSpecs")
    void malformedSpecIsRefusedWithAProblemNamingTheField(String description, String body, String field) {
        HttpResponse<String> response = postJson("/api/experiments", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsString("field")).as(response.body()).contains(field);
        assertThat(problem.get("errors").findValuesAsString("message")).allSatisfy(message -> assertThat(message).isNotBlank());
        assertThat(rowCounts()).isEqualTo(rowsBefore);
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("wrong content type", HttpRequest.newBuilder().header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("dataset=synthetic")), "/api/experiments", 415),
                Arguments.of("empty body", HttpRequest.newBuilder().header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody()), "/api/experiments", 400),
                Arguments.of("page negative", HttpRequest.newBuilder().GET(), "/api/experiments?page=-1", 400),
                Arguments.of("page size zero", HttpRequest.newBuilder().GET(), "/api/experiments?size=0", 400),
                Arguments.of("page size too big", HttpRequest.newBuilder().GET(), "/api/experiments?size=101", 400),
                Arguments.of("page not a number", HttpRequest.newBuilder().GET(), "/api/experiments?page=x", 400),
                Arguments.of("id not a UUID", HttpRequest.newBuilder().GET(), "/api/runs/42", 400),
                Arguments.of("unknown metrics format", HttpRequest.newBuilder().GET(),
                        "/api/experiments/" + java.util.UUID.randomUUID() + "/metrics?format=xml", 400),
                Arguments.of("delete not allowed", HttpRequest.newBuilder().DELETE(), "/api/experiments", 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestIsAProblemAndStoresNothing(String description, HttpRequest.Builder request, String path,
                                                    int status) {
        HttpResponse<String> response = send(request.uri(uri(path)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(rowCounts()).isEqualTo(rowsBefore);
    }

    private Map<String, Integer> rowCounts() {
        return Map.of(
                "experiments", count("experiments"),
                "variants", count("variants"),
                "runs", count("runs"),
                "epoch_metrics", count("epoch_metrics"));
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private static String spec(String field) {
        return "{\"dataset\": \"synthetic\", " + field + ", " + VARIANTS + "}";
    }

    private static String manyVariants(int count) {
        return String.join(",", Stream.iterate(0, i -> i + 1).limit(count)
                .map(i -> "{\"name\": \"v" + i + "\", \"bn2Gamma\": 1}").toList());
    }

    private static Arguments bad(String description, String body, String field) {
        return Arguments.of(description, body, field);
    }

}
