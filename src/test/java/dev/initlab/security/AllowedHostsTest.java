package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.RawHttp;
import dev.initlab.support.RawHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Only requests addressed to InitLab's own names are answered, so that DNS rebinding (a website's name made to
 * point at 127.0.0.1) reads and changes nothing; behind a proxy that says so, its forwarded headers are honoured.
 */
@TestPropertySource(properties = {"initlab.allowed-hosts=lab.example.org", "server.forward-headers-strategy=native"})
class AllowedHostsTest extends IntegrationTest {

    private static final String SPEC = """
            {"dataset": "synthetic", "epochs": 1, "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""";

    @Test
    void rebindingHostIsRefusedBeforeAnythingRuns() {
        long before = experiments();

        Response list = request("GET /api/experiments", "attacker.example:8080", "");
        Response submit = request("POST /api/experiments", "attacker.example:8080",
                "Content-Type: application/json\r\nContent-Length: " + SPEC.length() + "\r\n\r\n" + SPEC);
        Response page = request("GET /", "attacker.example", "");

        for (Response refused : new Response[] {list, submit, page}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.body()).contains("initlab.allowed-hosts");
        }
        assertThat(experiments()).isEqualTo(before);
    }

    @Test
    void ownNamesAndConfiguredOnesAreAnswered() {
        for (String host : new String[] {"localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "[::1]:" + port,
                "[0:0:0:0:0:0:0:1]", "lab.example.org", "lab.example.org.:443"}) {
            Response response = request("GET /api/experiments", host, "");
            assertThat(response.status()).as(host + ": " + response.body()).isEqualTo(200);
        }
    }

    @Test
    void forwardedHostIsCheckedToo() {
        Response response = request("GET /api/experiments", "localhost:" + port, "X-Forwarded-Host: attacker.example\r\n");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
    }

    @Test
    void sessionCookieIsSecureBehindATlsProxy() {
        Response behindTls = request("GET /experiments/new", "lab.example.org", "X-Forwarded-Proto: https\r\n");
        Response plain = request("GET /experiments/new", "localhost", "");

        assertThat(behindTls.header("Set-Cookie")).startsWith("JSESSIONID=").contains("Secure");
        assertThat(plain.header("Set-Cookie")).startsWith("JSESSIONID=").doesNotContain("Secure");
    }

    /** {@code rest}: more headers, each ending in CRLF, or a blank line and a body. */
    private Response request(String line, String host, String rest) {
        String tail = rest.contains("\r\n\r\n") ? rest : rest + "\r\n";
        return RawHttp.send(port, line + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n" + tail);
    }

    private long experiments() {
        return jdbc.queryForObject("SELECT count(*) FROM experiments", Long.class);
    }
}
