package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Where nobody signs in, listening on 127.0.0.1 keeps out the network but not the user's own browser: a change
 * to the API that any website could make that browser send is refused, and the API's own callers still get through.
 */
class CrossSiteChangesTest extends IntegrationTest {

    private static final String SPEC = """
            {"dataset": "synthetic", "epochs": 1, "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""";

    @Test
    void crossSiteCancelWithoutUsersIsRefused() {
        String id = experiment();

        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/api/experiments/" + id + "/cancel"))
                .header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertRefused(forged, 403, "Sec-Fetch-Site: cross-site");
        assertThat(cancelled(id)).isZero();
    }

    @Test
    void crossOriginChangeWithoutABodyIsRefused() {
        String id = experiment();

        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/api/experiments/" + id + "/cancel"))
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertRefused(forged, 403, "Origin: https://evil.example");
        assertThat(cancelled(id)).isZero();
    }

    @Test
    void sameSiteButAnotherOriginIsRefused() {
        String id = experiment();

        HttpResponse<String> otherPort = send(HttpRequest.newBuilder(uri("/api/experiments/" + id + "/cancel"))
                .header("Origin", "http://localhost:" + (port + 1))
                .header("Sec-Fetch-Site", "same-site")
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> sandboxed = send(HttpRequest.newBuilder(uri("/api/experiments/" + id + "/cancel"))
                .header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertRefused(otherPort, 403, "Sec-Fetch-Site: same-site");
        assertRefused(sandboxed, 403, "Origin: null");
        assertThat(cancelled(id)).isZero();
    }

    @Test
    void bodyThatIsNotJsonIsRefusedUnread() {
        long before = experiments();

        HttpResponse<String> text = send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC)));
        HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("dataset=synthetic")));

        assertRefused(text, 415, "Content-Type: application/json");
        assertRefused(form, 415, "Content-Type: application/json");
        assertThat(experiments()).isEqualTo(before);
    }

    @Test
    void ownPagesScriptsAndToolsStillChange() {
        HttpResponse<String> fromOwnPage = send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Content-Type", "application/json")
                .header("Origin", "http://localhost:" + port)
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC)));
        String id = json(fromOwnPage).get("id").asString();
        HttpResponse<String> fromATool = post("/api/experiments/" + id + "/cancel");

        assertThat(fromOwnPage.statusCode()).as(fromOwnPage.body()).isEqualTo(201);
        assertThat(fromATool.statusCode()).as(fromATool.body()).isEqualTo(200);
        assertThat(cancelled(id)).isEqualTo(1);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("detail").asString()).contains(reason);
    }

    private String experiment() {
        HttpResponse<String> created = postJson("/api/experiments", SPEC);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private int cancelled(String id) {
        return jdbc.queryForObject("SELECT count(*) FROM runs WHERE experiment_id = ?::uuid AND status = 'CANCELLED'",
                Integer.class, id);
    }

    private long experiments() {
        return jdbc.queryForObject("SELECT count(*) FROM experiments", Long.class);
    }
}
