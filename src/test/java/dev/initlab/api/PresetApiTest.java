package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.initlab.experiment.Preset;
import dev.initlab.support.IntegrationTest;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

// a fixed memory per run, so that the 256 px preset's batch is judged alike on every machine
@TestPropertySource(properties = "initlab.worker.memory-per-run=8GB")
class PresetApiTest extends IntegrationTest {

    @Autowired
    private Validator validator;

    @Test
    void reproduceThePostIsThePostsRecipeWithFiveSeeds() {
        JsonNode spec = preset("reproduce").get("spec");

        assertThat(spec.get("dataset").asString()).isEqualTo("imagenette2");
        assertThat(spec.get("imageSize").asInt()).isEqualTo(256);
        assertThat(spec.get("batchSize").asInt()).isEqualTo(64);
        assertThat(spec.get("epochs").asInt()).isEqualTo(5);
        assertThat(spec.get("head").asString()).isEqualTo("fastai");
        assertThat(spec.get("variants").findValuesAsString("name")).containsExactly("zero-init", "one-init");
        assertThat(spec.get("variants").findValues("bn2Gamma")).extracting(JsonNode::asDouble).containsExactly(0.0, 1.0);
        assertThat(spec.get("seeds")).extracting(JsonNode::asLong).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void postSmallIsThePostOnTheSmallImagenetteAt128() {
        JsonNode spec = preset("post-small").get("spec");

        assertThat(spec.get("dataset").asString()).isEqualTo("imagenette2-160");
        assertThat(spec.get("imageSize").asInt()).isEqualTo(128);
        assertThat(spec.get("epochs").asInt()).isEqualTo(5);
        assertThat(spec.get("seeds")).hasSize(5);
    }

    @Test
    void everyPresetIsASpecThatExperimentsAccept() {
        List<String> keys = json(get("/api/presets")).findValuesAsString("key");

        assertThat(keys).containsExactly("reproduce", "post-small", "quick", "long", "gammas");
        for (Preset preset : Preset.values()) {
            assertThat(validator.validate(preset.spec())).as(preset.getKey()).isEmpty();
        }
    }

    private JsonNode preset(String key) {
        for (JsonNode preset : json(get("/api/presets"))) {
            if (preset.get("key").asString().equals(key)) {
                return preset;
            }
        }
        throw new AssertionError("no preset " + key);
    }
}
