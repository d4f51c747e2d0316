package dev.initlab.api;

import static dev.initlab.support.Accounts.EDITOR;
import static dev.initlab.support.Accounts.EDITOR_PASSWORD;
import static dev.initlab.support.Accounts.VIEWER;
import static dev.initlab.support.Accounts.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.Test;

/** The API with sign-in on: HTTP Basic, a viewer reads, an editor also changes, and every refusal is a problem. */
@WithUsers
class SignInApiTest extends IntegrationTest {

    private static final String SPEC = """
            {"dataset": "synthetic", "imageSize": 16, "epochs": 1, "variants": [{"name": "one-init", "bn2Gamma": 1}]}""";

    @Test
    void viewerReadsButIsRefusedASubmissionWithAProblem() {
        int before = experiments();

        HttpResponse<String> list = send(as(VIEWER, VIEWER_PASSWORD, "/api/experiments").GET());
        HttpResponse<String> workers = send(as(VIEWER, VIEWER_PASSWORD, "/api/workers").GET());
        HttpResponse<String> estimate = postSpecAs(VIEWER, VIEWER_PASSWORD, "/api/estimates");
        HttpResponse<String> submit = postSpecAs(VIEWER, VIEWER_PASSWORD, "/api/experiments");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(workers.statusCode()).isEqualTo(200);
        assertThat(estimate.statusCode()).as("an estimate is a question, not a change").isEqualTo(200);
        assertProblem(submit, 403);
        assertThat(json(submit).get("detail").asString()).contains("need an editor");
        assertThat(experiments()).isEqualTo(before);
    }

    @Test
    void editorSubmitsAndCancels() {
        HttpResponse<String> submitted = postSpecAs(EDITOR, EDITOR_PASSWORD, "/api/experiments");
        String id = json(submitted).get("id").asString();
        HttpResponse<String> viewerCancels = send(as(VIEWER, VIEWER_PASSWORD, "/api/experiments/" + id + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> editorCancels = send(as(EDITOR, EDITOR_PASSWORD, "/api/experiments/" + id + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        assertProblem(viewerCancels, 403);
        assertThat(editorCancels.statusCode()).isEqualTo(200);
        assertThat(json(editorCancels).get("runCounts").get("CANCELLED").asInt()).isEqualTo(1);
    }

    @Test
    void callWithoutAnAccountIsAskedForBasicCredentialsWithAProblem() {
        int before = experiments();

        for (HttpResponse<String> response : List.of(get("/api/experiments"), postJson("/api/experiments", SPEC),
                postJson("/api/estimates", SPEC), get("/api/nothing/here"))) {
            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"InitLab\"");
            assertThat(json(response).get("detail").asString()).contains("curl -u name:password");
        }
        assertThat(experiments()).isEqualTo(before);
    }

    @Test
    void wrongPasswordIsRefusedWithAProblem() {
        HttpResponse<String> response = send(as(EDITOR, VIEWER_PASSWORD, "/api/experiments").GET());

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"InitLab\"");
        assertThat(json(response).get("detail").asString()).isEqualTo("That name and password do not match an account.");
    }

    @Test
    void apiNeverSetsASessionCookie() {
        List<HttpResponse<String>> responses = List.of(
                send(as(EDITOR, EDITOR_PASSWORD, "/api/experiments").GET()),
                postSpecAs(EDITOR, EDITOR_PASSWORD, "/api/experiments"),
                postSpecAs(VIEWER, VIEWER_PASSWORD, "/api/experiments"),
                get("/api/experiments"));

        assertThat(responses).allSatisfy(response -> assertThat(response.headers().allValues("Set-Cookie")).isEmpty());
    }

    @Test
    void errorsBeforeAndAfterSignInAreProblemsToo() {
        HttpResponse<String> firewalled = get("/api/runs/a;b");
        HttpResponse<String> unknown = send(as(VIEWER, VIEWER_PASSWORD, "/api/nothing/here").GET());
        HttpResponse<String> wrongMethod = send(as(EDITOR, EDITOR_PASSWORD, "/api/experiments").DELETE());

        assertProblem(firewalled, 400);
        assertProblem(unknown, 404);
        assertProblem(wrongMethod, 405);
    }

    @Test
    void crossSiteChangeIsRefusedEvenWithCredentials() {
        String id = json(postSpecAs(EDITOR, EDITOR_PASSWORD, "/api/experiments")).get("id").asString();

        // what a browser sends for another site's form once its user typed the password into the sign-in box
        HttpResponse<String> forged = send(as(EDITOR, EDITOR_PASSWORD, "/api/experiments/" + id + "/cancel")
                .header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertProblem(forged, 403);
        assertThat(json(forged).get("detail").asString()).contains("another website");
        assertThat(jdbc.queryForObject("select count(*) from runs where experiment_id = ?::uuid and status = 'CANCELLED'",
                Integer.class, id)).isZero();
    }

    @Test
    void withUsersTheServerListensOnEveryInterface() {
        assertThat(listeningAddress()).isNull();
    }

    private HttpResponse<String> postSpecAs(String name, String password, String path) {
        return send(as(name, password, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC)));
    }

    private HttpRequest.Builder as(String name, String password, String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", Accounts.basic(name, password));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
    }

    private int experiments() {
        return jdbc.queryForObject("select count(*) from experiments", Integer.class);
    }
}
