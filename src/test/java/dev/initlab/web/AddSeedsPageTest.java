package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The experiment page's form for more seeds over plain HTTP, where nobody signs in (everyone may change things):
 * it posts with the session's CSRF token, redirects back to the page, and shows a refusal once.
 */
class AddSeedsPageTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    @Test
    void formIsShownToEveryoneWhereNobodySignsInWithTwoSeedsWhenNothingIsAdvised() {
        String id = experiment();

        String page = get("/experiments/" + id).body();

        assertThat(page).contains("id=\"add-seeds\"").contains("action=\"/experiments/" + id + "/seeds\"");
        Matcher count = Pattern.compile("<input id=\"add-seeds-count\"[^>]*>").matcher(page);
        assertThat(count.find()).isTrue();
        assertThat(count.group()).contains("name=\"count\"").contains("value=\"2\"").contains("min=\"1\"")
                .contains("max=\"50\"");
        assertThat(page).doesNotContain("id=\"add-seeds-refused\"");
    }

    @Test
    void postedFormQueuesTheSeedsAndRedirectsBackToThePage() {
        String id = experiment();
        Session session = session(id);

        HttpResponse<String> posted = session.post("/experiments/" + id + "/seeds", "count=3");

        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/experiments/" + id + "#runs");
        assertThat(jdbc.queryForList("SELECT seed FROM runs WHERE experiment_id = ?::uuid ORDER BY queue_order",
                Long.class, id)).containsExactly(0L, 0L, 1L, 1L, 2L, 2L, 3L, 3L, 4L, 4L);
        String page = session.get("/experiments/" + id).body();
        assertThat(page).contains("zero-init · seed 4").contains("one-init · seed 4");
    }

    @Test
    void refusalIsShownOnThePageOnceAndStoresNothing() {
        String id = experiment();
        Session session = session(id);
        long runsBefore = runs(id);

        for (String count : new String[] {"0", "51", "two", ""}) {
            HttpResponse<String> posted = session.post("/experiments/" + id + "/seeds",
                    "count=" + URLEncoder.encode(count, StandardCharsets.UTF_8));

            assertThat(posted.statusCode()).as(count).isEqualTo(302);
            String location = posted.headers().firstValue("Location").orElseThrow();
            assertThat(location).as(count).endsWith("/experiments/" + id + "?seeds=refused#add-seeds");
            String refused = session.get(location.substring(location.indexOf("/experiments/"),
                    location.indexOf('#'))).body();
            assertThat(refused).as(count).contains("id=\"add-seeds-refused\"")
                    .contains("Seeds to add must be a whole number from 1 to 50.");
        }
        assertThat(runs(id)).isEqualTo(runsBefore);
        assertThat(session.get("/experiments/" + id + "?seeds=refused").body()).as("shown once")
                .doesNotContain("id=\"add-seeds-refused\"");
        assertThat(session.get("/experiments/" + id).body()).doesNotContain("id=\"add-seeds-refused\"");
    }

    @Test
    void aLimitsSentenceIsShownOnThePage() {
        String id = experiment();
        // 2 variants × 49 seeds: 98 runs, and the default limit is 100
        jdbc.update("""
                INSERT INTO runs (id, experiment_id, variant_id, seed)
                SELECT gen_random_uuid(), r.experiment_id, r.variant_id, s
                FROM runs r, generate_series(2, 48) s WHERE r.experiment_id = ?::uuid AND r.seed = 0""",
                UUID.fromString(id));
        Session session = session(id);

        HttpResponse<String> posted = session.post("/experiments/" + id + "/seeds", "count=2");

        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("?seeds=refused#add-seeds");
        assertThat(session.get("/experiments/" + id + "?seeds=refused").body()).contains(
                "This experiment has 98 runs; 2 seeds more for its 2 variants make 4 runs more, 102 in all; an"
                        + " experiment may have at most 100 runs (initlab.limits.runs-per-experiment).");
        assertThat(runs(id)).isEqualTo(98);
    }

    @Test
    void formPostedWithoutTheSessionsCsrfTokenIsRefused() {
        String id = experiment();

        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/experiments/" + id + "/seeds"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("count=2")));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(runs(id)).isEqualTo(4);
    }

    @Test
    void csrfTokenInTheAddressIsNoToken() {
        String id = experiment();
        Session session = session(id);

        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/experiments/" + id + "/seeds?_csrf="
                        + URLEncoder.encode(session.token, StandardCharsets.UTF_8)))
                .header("Cookie", session.cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("count=2")));

        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(runs(id)).isEqualTo(4);
    }

    /** The experiment page's session and the CSRF token its forms carry. */
    private final class Session {
        private final String cookie;
        private final String token;

        Session(String cookie, String token) {
            this.cookie = cookie;
            this.token = token;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie).GET());
        }

        HttpResponse<String> post(String path, String form) {
            return send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + URLEncoder.encode(token,
                            StandardCharsets.UTF_8))));
        }
    }

    private Session session(String experimentId) {
        HttpResponse<String> page = get("/experiments/" + experimentId);
        Matcher cookie = SESSION.matcher(String.join("; ", page.headers().allValues("Set-Cookie")));
        Matcher token = CSRF.matcher(page.body());
        assertThat(cookie.find()).as("a session cookie").isTrue();
        assertThat(token.find()).as("a CSRF token in the page's forms").isTrue();
        return new Session("JSESSIONID=" + cookie.group(1), token.group(1));
    }

    private String experiment() {
        HttpResponse<String> created = postJson("/api/experiments", """
                {"name": "page seeds", "dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private long runs(String experimentId) {
        return jdbc.queryForObject("SELECT count(*) FROM runs WHERE experiment_id = ?::uuid", Long.class, experimentId);
    }
}
