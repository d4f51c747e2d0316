package dev.initlab.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A cached page is one viewer's: a user whose name is "anonymous" is not an anonymous reader. */
@TestPropertySource(properties = {
        "initlab.auth.users[0].name=" + CachedPageViewersTest.NAMED_ANONYMOUS,
        "initlab.auth.users[0].password=" + Accounts.EDITOR_HASH,
        "initlab.auth.users[0].role=editor",
        "initlab.auth.public-read=true"})
class CachedPageViewersTest extends IntegrationTest {

    static final String NAMED_ANONYMOUS = "anonymous";

    @Test
    void aUserNamedAnonymousAndAnonymousReadersEachGetTheirOwnPage() {
        String path = "/experiments/" + json(send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Authorization", Accounts.basic(NAMED_ANONYMOUS, Accounts.EDITOR_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"dataset": "synthetic", "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""))))
                .get("id").asString();

        HttpResponse<String> users = send(HttpRequest.newBuilder(uri(path)).header("Cookie", signedIn()));
        HttpResponse<String> anonymousReaders = get(path);

        assertThat(users.body()).contains("id=\"sign-out\"").doesNotContain("id=\"sign-in\"");
        assertThat(anonymousReaders.body()).contains("id=\"sign-in\"").doesNotContain("id=\"sign-out\"");
    }

    /** The session cookie of the user named "anonymous", signed in with the pages' form. */
    private String signedIn() {
        HttpResponse<String> form = get("/sign-in");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as("a CSRF token in the sign-in form").isTrue();
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(uri("/sign-in"))
                .header("Cookie", cookieOf(form))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + NAMED_ANONYMOUS + "&password="
                        + Accounts.EDITOR_PASSWORD + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
        return cookieOf(signIn);
    }

    private static String cookieOf(HttpResponse<String> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }
}
