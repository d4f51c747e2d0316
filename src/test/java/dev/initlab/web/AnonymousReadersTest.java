package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Under public-read, anonymous readers hold no session: only a form needs one, and they are shown none but sign-in's. */
@WithUsers
@TestPropertySource(properties = "initlab.auth.public-read=true")
class AnonymousReadersTest extends IntegrationTest {

    /** Queued runs: the pages have cancel forms for those who may cancel. */
    @Test
    void aHundredAnonymousPageLoadsStartNoSession() {
        JsonNode experiment = json(send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Authorization", Accounts.basic(Accounts.EDITOR, Accounts.EDITOR_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"dataset": "synthetic", "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}],
                         "seeds": [0, 1]}"""))));
        String id = experiment.get("id").asString();
        String runId = experiment.get("runs").get(0).get("id").asString();
        List<String> pages = List.of("/", "/experiments/" + id, "/runs/" + runId, "/compare?experiments=" + id);

        for (int load = 0; load < 100; load++) {
            String path = pages.get(load % pages.size());
            HttpResponse<String> page = get(path);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().allValues("Set-Cookie")).as(path).isEmpty();
        }
    }

    @Test
    void theSignInFormStillGetsItsSession() {
        HttpResponse<String> signIn = get("/sign-in");

        assertThat(signIn.body()).contains("name=\"_csrf\"");
        assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                cookie -> assertThat(cookie).startsWith("JSESSIONID="));
    }
}
