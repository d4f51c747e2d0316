package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.initlab.limits.StreamPlaces;
import dev.initlab.support.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Viewers who read slowly, never, or leave in the middle of an event: none of them delays another viewer's
 * stream, and none fills the log. The busy experiment's snapshots are big (2 MB: long error texts on 100 runs), so
 * a client that never reads, with a tiny receive buffer, fills its connection within its first few events.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowViewersTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WITHIN = Duration.ofSeconds(2);

    @Autowired
    StreamPlaces places;

    private String busy;
    private String quiet;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void twoQueuedExperiments() {
        busy = queuedExperiment();
        jdbc.update("""
                INSERT INTO runs (id, experiment_id, variant_id, seed)
                SELECT gen_random_uuid(), r.experiment_id, r.variant_id, s FROM runs r, generate_series(1, 99) s
                WHERE r.experiment_id = ?""", UUID.fromString(busy));
        jdbc.update("UPDATE runs SET error = repeat('slow viewers read this ', 1000) WHERE experiment_id = ?",
                UUID.fromString(busy));
        quiet = queuedExperiment();
    }

    @AfterEach
    void endEveryStream() throws Exception {
        for (AutoCloseable stream : opened) {
            stream.close();
        }
        post("/api/experiments/" + busy + "/cancel");
        post("/api/experiments/" + quiet + "/cancel");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> places.taken() == 0);
    }

    @Test
    void viewerWhoNeverReadsDelaysNoOtherStream() throws Exception {
        opened.add(RawStreamRequest.send(port, "/experiments/" + busy + "/events", "127.0.0.1", 1024));
        // its first events fill the connection's buffers (a few MB on loopback) within a second or two
        Thread.sleep(2_500);

        BlockingQueue<String> sameExperiment = events(busy);
        BlockingQueue<String> otherExperiment = events(quiet);

        for (int second = 0; second < 6; second++) {
            assertThat(sameExperiment.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS)).as("busy, event %d", second)
                    .isEqualTo("event:progress");
            assertThat(otherExperiment.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS)).as("quiet, event %d", second)
                    .isEqualTo("event:progress");
            sameExperiment.clear();
            otherExperiment.clear();
        }
    }

    @Test
    void viewerWhoNeverReadsIsClosed() throws Exception {
        opened.add(RawStreamRequest.send(port, "/experiments/" + busy + "/events", "127.0.0.1", 1024));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> places.taken() == 1);

        Awaitility.await().atMost(ProgressStream.STALL_LIMIT.plusSeconds(5)).until(() -> places.taken() == 0);
    }

    @Test
    void viewersWhoLeaveMidEventAreOneDebugLineEach(CapturedOutput output) throws Exception {
        Logger streamLog = (Logger) LoggerFactory.getLogger(ProgressStream.class);
        ListAppender<ILoggingEvent> debugLines = new ListAppender<>();
        debugLines.start();
        streamLog.addAppender(debugLines);
        Level level = streamLog.getLevel();
        streamLog.setLevel(Level.DEBUG);
        int logBefore = output.getAll().length();
        try {
            for (int leaver = 0; leaver < 5; leaver++) {
                RawStreamRequest stream = RawStreamRequest.send(port, "/experiments/" + busy + "/events",
                        "127.0.0.1", 1024);
                assertThat(stream.status()).isEqualTo(200);
                stream.reset();
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> places.taken() == 0);
        } finally {
            streamLog.setLevel(level);
            streamLog.detachAppender(debugLines);
        }

        assertThat(debugLines.list).hasSize(5).allSatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getThrowableProxy()).isNull();
        });
        assertThat(output.getAll().substring(logBefore))
                .doesNotContain(" ERROR ").doesNotContain(" WARN ").doesNotContain("\tat ");
    }

    /** The names of the events of a stream of {@code experiment}, as they arrive, read on another thread. */
    private BlockingQueue<String> events(String experiment) {
        BlockingQueue<String> names = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> response = HTTP.sendAsync(
                HttpRequest.newBuilder(uri("/experiments/" + experiment + "/events"))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAcceptAsync(lines -> {
            try (Stream<String> read = lines.body()) {
                read.filter("event:progress"::equals).forEach(names::add);
            }
        });
        opened.add(() -> reading.cancel(true));
        opened.add(() -> response.thenAccept(lines -> lines.body().close()));
        return names;
    }

    private String queuedExperiment() {
        return json(postJson("/api/experiments", """
                {"dataset": "synthetic", "device": "gpu9", "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""))
                .get("id").asString();
    }
}
