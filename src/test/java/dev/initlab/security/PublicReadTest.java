package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With public-read, a shared link opens without an account; every change still needs an editor. */
@WithUsers
@TestPropertySource(properties = "initlab.auth.public-read=true")
class PublicReadTest extends IntegrationTest {

    private String experimentId;

    @BeforeEach
    void storeAnExperiment() {
        experimentId = json(send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Authorization", Accounts.basic(Accounts.EDITOR, Accounts.EDITOR_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"dataset": "synthetic", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""")))).get("id").asString();
    }

    @Test
    void anyoneReadsPagesApiAnswersAndStaticFiles() {
        HttpResponse<String> home = get("/");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"sign-in\"");
        assertThat(get("/experiments/" + experimentId).statusCode()).isEqualTo(200);
        assertThat(get("/compare?experiments=" + experimentId).statusCode()).isEqualTo(200);
        assertThat(get("/api/experiments").statusCode()).isEqualTo(200);
        assertThat(get("/api/experiments/" + experimentId + "/metrics?format=csv").statusCode()).isEqualTo(200);
        assertThat(get("/css/initlab.css").statusCode()).isEqualTo(200);
        assertThat(get("/js/experiment.js").statusCode()).isEqualTo(200);
    }

    @Test
    void anyoneFollowsAnExperimentsLiveStream() throws IOException, InterruptedException {
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/experiments/" + experimentId + "/events"))
                        .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream events = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
        }
    }

    @Test
    void changesStillNeedAnEditor() {
        HttpResponse<String> submit = postJson("/api/experiments", """
                {"dataset": "synthetic", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""");
        HttpResponse<String> cancelByApi = post("/api/experiments/" + experimentId + "/cancel");
        HttpResponse<String> form = get("/experiments/new");
        HttpResponse<String> cancelByPage = post("/experiments/" + experimentId + "/cancel");

        assertThat(submit.statusCode()).isEqualTo(401);
        assertThat(submit.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(cancelByApi.statusCode()).isEqualTo(401);
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(form.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/sign-in"));
        assertThat(cancelByPage.statusCode()).as("no CSRF token, no account").isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT status FROM runs WHERE experiment_id = ?::uuid", String.class,
                experimentId)).isEqualTo("QUEUED");
    }
}
