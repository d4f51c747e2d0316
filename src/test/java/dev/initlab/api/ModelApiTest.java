package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelApiTest extends IntegrationTest {

    @Test
    void fastaiResNet18ForTenClassesHasTheRecipesParameterCount() {
        JsonNode model = json(get("/api/models/resnet18?classes=10&head=fastai"));

        assertThat(model.get("trainableParameters").asLong()).isEqualTo(11_708_992L);
        assertThat(model.get("layers").findValuesAsString("name")).contains("conv1", "layer4.1", "head.8");
        long summed = model.get("layers").findValues("trainableParameters").stream().mapToLong(JsonNode::asLong).sum();
        assertThat(summed).isEqualTo(11_708_992L);
    }

    @Test
    void linearHeadHasTorchvisionsParameterCount() {
        assertThat(json(get("/api/models/resnet18?classes=10&head=linear")).get("trainableParameters").asLong())
                .isEqualTo(11_181_642L);
    }

    @Test
    void moreClassesThanImageNetIsAProblem() {
        var response = get("/api/models/resnet18?classes=100000");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("classes");
    }

    @Test
    void unknownHeadIsAProblem() {
        var response = get("/api/models/resnet18?head=vit");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("head");
    }
}
