package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Stream;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.RawHttp;
import dev.initlab.support.RawHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every error under /api/ is problem+json, also those raised before a controller runs: by Spring
 * Security's firewall, by Tomcat itself, or by Spring MVC. Sent over a raw socket, since Java's HTTP
 * client refuses to send most of these requests.
 */
class ProblemJsonEverywhereTest extends IntegrationTest {

    private static final String BIG_JSON = "[" + " ".repeat(3 * 1024 * 1024) + "]";
    /** More parameters than Tomcat parses (1,000), short enough for its header limit. */
    private static final String QUERY_OF_MANY_PARAMETERS = "a=1" + "&a=1".repeat(1_000);

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                // Spring Security's firewall
                refused("an encoded semicolon and quote, as an injection probe sends", "GET /api/runs/%27%3B-- HTTP/1.1", 400),
                refused("a semicolon", "GET /api/runs/a;b HTTP/1.1", 400),
                refused("a double slash", "GET /api//experiments HTTP/1.1", 400),
                refused("a dot-dot segment", "GET /api/../api/experiments HTTP/1.1", 400),
                refused("an encoded dot", "GET /api/runs/%2e%2e/x HTTP/1.1", 400),
                refused("an encoded percent", "GET /api/runs/a%25b HTTP/1.1", 400),
                refused("a method nobody serves", "BREW /api/experiments HTTP/1.1", 400),
                // Tomcat, before any filter
                refused("an encoded slash", "GET /api/runs/a%2Fb HTTP/1.1", 400),
                refused("an encoded backslash", "GET /api/runs/a%5Cb HTTP/1.1", 400),
                refused("an encoded NUL", "GET /api/runs/a%00b HTTP/1.1", 400),
                refused("a malformed escape", "GET /api/experiments/%zz HTTP/1.1", 400),
                refused("a raw pipe", "GET /api/runs/a|b HTTP/1.1", 400),
                refused("a raw brace", "GET /api/runs/{id} HTTP/1.1", 400),
                refused("a raw backslash", "GET /api/runs/a\\b HTTP/1.1", 400),
                refused("a raw pipe in the query", "GET /api/experiments?page=1|2 HTTP/1.1", 400),
                refused("a malformed header", "GET /api/experiments HTTP/1.1\r\nBad Header: x", 400),
                refused("a header over the size limit", "GET /api/experiments HTTP/1.1\r\nX-Big: " + "a".repeat(20_000), 400),
                refused("an unknown HTTP version", "GET /api/experiments HTTP/9.9", 505),
                refused("TRACE", "TRACE /api/experiments HTTP/1.1", 405),
                // Spring MVC
                refused("an unknown path", "GET /api/nothing/here HTTP/1.1", 404),
                refused("a method the path does not take", "PUT /api/experiments HTTP/1.1", 405),
                refused("an answer type nobody makes", "GET /api/experiments HTTP/1.1\r\nAccept: image/png", 406),
                refused("a body type nobody reads", "POST /api/experiments HTTP/1.1\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 2\r\n\r\nhi", 415),
                refused("a form, which the API does not read", "POST /api/experiments HTTP/1.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1", 415),
                refused("a body over the size limit", "POST /api/experiments HTTP/1.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + BIG_JSON.length() + "\r\n\r\n" + BIG_JSON, 413),
                refused("a query of more parameters than Tomcat parses",
                        "GET /api/experiments?" + QUERY_OF_MANY_PARAMETERS + " HTTP/1.1", 400),
                // paths that lead to the API once read as a server may read them
                refused("a leading double slash", "GET //api/experiments HTTP/1.1", 400),
                refused("a leading dot segment", "GET /./api/experiments HTTP/1.1", 400),
                refused("a leading encoded dot segment", "GET /%2e/api/experiments HTTP/1.1", 400),
                refused("a dot-dot segment before the API", "GET /experiments/../api/experiments HTTP/1.1", 400));
    }

    private static Arguments refused(String description, String request, int status) {
        return Arguments.of(description, request, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void apiErrorIsAProblemWhoeverRaisedIt(String description, String request, int status) {
        Response response = sendRaw(request);

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    @Test
    void firewallSaysWhatItRefused() {
        JsonNode problem = JSON.readTree(sendRaw("GET /api/runs/%27%3B-- HTTP/1.1").body());

        assertThat(problem.get("detail").asString()).contains("potentially malicious String \"%3B\"");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/runs/%27%3B--");
    }

    @Test
    void requestLineTomcatCannotReadIsAProblemWhateverItsPath() {
        Response response = sendRaw("GET /experiments/a|b HTTP/1.1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("Invalid character");
    }

    @Test
    void pagesKeepTheirHtmlErrorPages() {
        Response missing = sendRaw("GET /experiments/" + UUID.randomUUID() + " HTTP/1.1\r\nAccept: text/html");
        Response firewalled = sendRaw("GET /experiments/a;b HTTP/1.1\r\nAccept: text/html");
        Response encodedSlash = sendRaw("GET /experiments/a%2Fb HTTP/1.1\r\nAccept: text/html");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(missing.body()).contains("Not found");
        assertThat(firewalled.status()).isEqualTo(400);
        assertThat(firewalled.header("Content-Type")).startsWith("text/html");
        assertThat(encodedSlash.status()).isEqualTo(400);
        assertThat(encodedSlash.header("Content-Type")).startsWith("text/html");
    }

    /** {@code head}: the request line and any headers, then optionally a blank line and a body. */
    private Response sendRaw(String head) {
        int bodyStart = head.indexOf("\r\n\r\n");
        String headers = bodyStart < 0 ? head : head.substring(0, bodyStart);
        String body = bodyStart < 0 ? "" : head.substring(bodyStart + 4);
        return RawHttp.send(port, headers + "\r\nHost: localhost\r\nConnection: close\r\n\r\n" + body);
    }
}
