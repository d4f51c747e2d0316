package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.RawHttp;
import dev.initlab.support.RawHttp.Response;
import org.junit.jupiter.api.Test;

/** Without {@code server.forward-headers-strategy}, anyone could send X-Forwarded-*: they change nothing. */
class ForwardedHeadersIgnoredTest extends IntegrationTest {

    @Test
    void forwardedProtoAndHostAreIgnoredUnlessConfigured() {
        Response response = RawHttp.send(port, "GET /experiments/new HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: attacker.example\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Set-Cookie")).startsWith("JSESSIONID=").doesNotContain("Secure");
    }
}
