package dev.initlab.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole application on a random port, over a real PostgreSQL, talked to over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private WebServerApplicationContext server;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    protected HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
    }

    protected HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Stores an epoch of a run as a worker would, with this accuracy and losses of 1. */
    protected void storeEpoch(String runId, int epoch, double accuracy) {
        jdbc.update("INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)"
                + " VALUES (?, ?, 1.0, 1.0, 1.0, ?, 10)", UUID.fromString(runId), epoch, accuracy);
    }

    /**
     * A finished experiment of one variant ("one-init") with {@code runs} seeds (0, 1, …) of {@code epochs}
     * stored epochs each, accuracy 0.5 + epoch / 10; runs past the first are written with SQL, past the limit
     * that the API keeps. Returns its id.
     */
    protected String experimentOfFinishedRuns(int runs, int epochs) {
        String id = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": %d, "device": "gpu9",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0]}""".formatted(epochs)))
                .get("id").asString();
        UUID experiment = UUID.fromString(id);
        jdbc.update("""
                INSERT INTO runs (id, experiment_id, variant_id, seed)
                SELECT gen_random_uuid(), r.experiment_id, r.variant_id, s
                FROM runs r, generate_series(1, ? - 1) s WHERE r.experiment_id = ?""", runs, experiment);
        jdbc.update("UPDATE runs SET status = 'SUCCEEDED', started_at = now(), finished_at = now() WHERE experiment_id = ?",
                experiment);
        jdbc.update("""
                INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)
                SELECT r.id, e, 1.0, 1.0, 1.0, 0.5 + e / 10.0, 10 FROM runs r, generate_series(0, ? - 1) e
                WHERE r.experiment_id = ?""", epochs, experiment);
        return id;
    }

    /** GETs {@code path} every 200 ms until its JSON satisfies {@code done}, for at most four minutes. */
    protected JsonNode await(String path, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = json(get(path));
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not done within " + PATIENCE + ": " + last);
    }

    /** The address the server listens on, such as 127.0.0.1; null when it listens on every interface. */
    protected String listeningAddress() {
        Object address = ((TomcatWebServer) server.getWebServer()).getTomcat().getConnector().getProperty("address");
        return address == null ? null : ((InetAddress) address).getHostAddress();
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request.build(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
