package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.limits.StreamPlaces;
import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A signed-in viewer's live-progress streams count against the viewer, from whatever address: one viewer cannot
 * hold every place by connecting from many (initlab.limits.progress-streams-per-client, 8 by default).
 */
@WithUsers
class ProgressStreamsPerUserTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    @Autowired
    StreamPlaces places;

    private final List<RawStreamRequest> opened = new ArrayList<>();
    private String experiment;

    @AfterEach
    void endEveryStream() throws IOException {
        for (RawStreamRequest stream : opened) {
            stream.close();
        }
        asEditor(HttpRequest.newBuilder(uri("/api/experiments/" + experiment + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> places.taken() == 0);
    }

    @Test
    void viewerOverItsShareIsRefusedFromAnyAddress() throws Exception {
        experiment = queuedExperiment();
        String path = "/experiments/" + experiment + "/events";
        String viewer = signedIn(Accounts.VIEWER, Accounts.VIEWER_PASSWORD);
        List<Integer> statuses = new ArrayList<>();
        for (int stream = 0; stream < 8; stream++) {
            statuses.add(open(path, "127.0.0." + (1 + stream % 2), viewer).status());
        }
        assertThat(statuses).containsOnly(200);

        assertThat(open(path, "127.0.0.3", viewer).status()).isEqualTo(429);
        assertThat(open(path, "127.0.0.3", signedIn(Accounts.EDITOR, Accounts.EDITOR_PASSWORD)).status())
                .isEqualTo(200);
    }

    private RawStreamRequest open(String path, String fromAddress, String cookie) throws IOException {
        RawStreamRequest stream = RawStreamRequest.send(port, path, fromAddress, cookie);
        opened.add(stream);
        return stream;
    }

    /** The session cookie of {@code name}, signed in through the sign-in form. */
    private String signedIn(String name, String password) {
        HttpResponse<String> form = get("/sign-in");
        String anonymous = cookie(form);
        Matcher token = CSRF.matcher(form.body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(uri("/sign-in")).header("Cookie", anonymous)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + name + "&password=" + password + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).doesNotContain("error"));
        return cookie(signIn);
    }

    private static String cookie(HttpResponse<String> response) {
        Matcher session = SESSION.matcher(String.join("; ", response.headers().allValues("Set-Cookie")));
        assertThat(session.find()).isTrue();
        return "JSESSIONID=" + session.group(1);
    }

    private String queuedExperiment() {
        return JSON.readTree(asEditor(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"dataset": "synthetic", "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""
                ))).body()).get("id").asString();
    }

    private HttpResponse<String> asEditor(HttpRequest.Builder request) {
        return send(request.header("Authorization", Accounts.basic(Accounts.EDITOR, Accounts.EDITOR_PASSWORD)));
    }
}
