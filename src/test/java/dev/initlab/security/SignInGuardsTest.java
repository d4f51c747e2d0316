package dev.initlab.security;

import static dev.initlab.support.Accounts.EDITOR;
import static dev.initlab.support.Accounts.EDITOR_PASSWORD;
import static dev.initlab.support.Accounts.VIEWER;
import static dev.initlab.support.Accounts.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.support.Accounts;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.RawHttp;
import dev.initlab.support.RawHttp.Response;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * What a stranger can do to an instance with users before signing in: nothing of a body is read (a trickled
 * body holds no thread), guessing passwords is refused for a while after a few wrong ones, and a redirect to
 * the sign-in page names no host. Four threads and a throttle of 3 wrong passwords per 2 s, to reach them here.
 */
@WithUsers
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"server.tomcat.threads.max=4", "server.tomcat.threads.min-spare=4",
        "initlab.auth.throttle.failures=3", "initlab.auth.throttle.window=2s"})
class SignInGuardsTest extends IntegrationTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    @Test
    void trickledBodiesOfStrangersDoNotStopHealth() throws Exception {
        List<Socket> tricklers = new ArrayList<>();
        ScheduledExecutorService chunks = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket("localhost", port);
                socket.getOutputStream().write(("POST /api/experiments HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                tricklers.add(socket);
            }
            chunks.scheduleAtFixedRate(() -> tricklers.forEach(socket -> sendQuietly(socket, "1\r\n \r\n")),
                    2, 2, TimeUnit.SECONDS);

            for (int i = 0; i < 3; i++) {
                Thread.sleep(1_000);
                HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET());
                assertThat(health.statusCode()).isEqualTo(200);
            }
        } finally {
            chunks.shutdownNow();
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
    }

    @Test
    void strangersDeclaredBodyIsNotReadAndTheConnectionCloses() {
        // the 100,000 bytes announced are never sent: the answer and the close must not wait for them
        Response response = RawHttp.send(port, "POST /api/experiments HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", Duration.ofSeconds(5));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void wrongBasicPasswordsAreThrottledThenTheRightOneWorksAgain(CapturedOutput log) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(asEditor(VIEWER_PASSWORD).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = asEditor(EDITOR_PASSWORD);
        HttpResponse<String> stillRefused = asEditor(VIEWER_PASSWORD);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(json(refused).get("detail").asString()).contains("Too many wrong passwords");
        assertThat(stillRefused.statusCode()).isEqualTo(429);
        assertThat(log.getOut().lines().filter(line -> line.contains("WARN") && line.contains("wrong passwords for the name"))
                .count()).as("one line for the burst").isEqualTo(1);

        Thread.sleep(WINDOW.toMillis() + 200);
        assertThat(asEditor(EDITOR_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsFromOneAddressThrottleEveryName() throws InterruptedException {
        for (String name : new String[] {EDITOR, VIEWER, "nobody"}) {
            assertThat(as(name, "guess").statusCode()).isEqualTo(401);
        }

        assertThat(as(VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(429);

        Thread.sleep(WINDOW.toMillis() + 200);
        assertThat(as(VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongFormPasswordsAreThrottledWithAMessage() throws InterruptedException {
        HttpResponse<String> signInPage = get("/sign-in");
        Matcher session = SESSION.matcher(String.join("; ", signInPage.headers().allValues("Set-Cookie")));
        Matcher token = CSRF.matcher(signInPage.body());
        assertThat(session.find() && token.find()).isTrue();
        String cookie = "JSESSIONID=" + session.group(1);

        for (int i = 0; i < 3; i++) {
            assertThat(signIn(cookie, token.group(1), VIEWER_PASSWORD)).isEqualTo("/sign-in?error");
        }
        String throttled = signIn(cookie, token.group(1), EDITOR_PASSWORD);
        String page = send(HttpRequest.newBuilder(uri(throttled)).header("Cookie", cookie).GET()).body();

        assertThat(throttled).matches("/sign-in\\?throttled=[12]");
        assertThat(page).contains("Too many wrong passwords for this name or from this address");

        Thread.sleep(WINDOW.toMillis() + 200);
        assertThat(signIn(cookie, token.group(1), EDITOR_PASSWORD)).isEqualTo("/");
    }

    @Test
    void signInRedirectNamesNoHost() {
        Response response = RawHttp.send(port, "GET /experiments/new HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/sign-in");
    }

    /** Posts the sign-in form and answers where it redirects to. */
    private String signIn(String cookie, String token, String password) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/sign-in")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + EDITOR + "&password=" + password
                        + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> asEditor(String password) {
        return as(EDITOR, password);
    }

    private HttpResponse<String> as(String name, String password) {
        return send(HttpRequest.newBuilder(uri("/api/experiments")).header("Authorization", Accounts.basic(name, password))
                .GET());
    }

    private static void sendQuietly(Socket socket, String chunk) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(chunk.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the server closed it: that is what it should do
        }
    }
}
