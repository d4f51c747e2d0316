package dev.initlab.api;

import static dev.initlab.support.Accounts.EDITOR;
import static dev.initlab.support.Accounts.EDITOR_PASSWORD;
import static dev.initlab.support.Accounts.VIEWER;
import static dev.initlab.support.Accounts.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.Test;

/** Adding seeds with sign-in on: an editor may, a viewer gets 403 and nobody 401, both problems storing nothing. */
@WithUsers
class AddSeedsSignInApiTest extends IntegrationTest {

    private static final String SPEC = """
            {"dataset": "synthetic", "imageSize": 16, "epochs": 1, "device": "gpu9",
             "variants": [{"name": "one-init", "bn2Gamma": 1}]}""";

    @Test
    void editorAddsSeedsAViewerAndAStrangerAreRefusedWithProblems() {
        String id = json(postAs(EDITOR, EDITOR_PASSWORD, "/api/experiments", SPEC)).get("id").asString();
        long runsBefore = runs();

        HttpResponse<String> viewer = postAs(VIEWER, VIEWER_PASSWORD, seeds(id), "{\"count\": 1}");
        HttpResponse<String> stranger = postJson(seeds(id), "{\"count\": 1}");

        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
        assertThat(viewer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(viewer).get("detail").asString()).contains("need an editor");
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(runs()).isEqualTo(runsBefore);

        HttpResponse<String> editor = postAs(EDITOR, EDITOR_PASSWORD, seeds(id), "{\"count\": 1}");

        assertThat(editor.statusCode()).as(editor.body()).isEqualTo(201);
        assertThat(json(editor).get("seeds").get(0).asLong()).isEqualTo(1L);
        assertThat(runs()).isEqualTo(runsBefore + 1);
    }

    private static String seeds(String experimentId) {
        return "/api/experiments/" + experimentId + "/seeds";
    }

    private HttpResponse<String> postAs(String name, String password, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", Accounts.basic(name, password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private long runs() {
        return jdbc.queryForObject("SELECT count(*) FROM runs", Long.class);
    }
}
