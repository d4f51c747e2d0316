package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A run can hang in many places before it trains; each of them ends the run with its reason, and the
 * worker goes on to the next run. Downloads come from a local server that misbehaves on purpose.
 */
@WithWorkers
@TestPropertySource(properties = {"initlab.worker.stall-timeout=6s", "initlab.datasets.read-timeout=2s"})
class WorkerHangTest extends IntegrationTest {

    private static final HttpServer SERVER = misbehavingServer();

    @Value("${initlab.data-dir}")
    Path dataDir;

    @DynamicPropertySource
    static void datasets(DynamicPropertyRegistry registry) {
        registry.add("initlab.datasets.imagenette-url",
                () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/");
    }

    @AfterAll
    static void stopServer() {
        SERVER.stop(0);
    }

    @Test
    void aDownloadThatStopsSendingFailsItsRunWithTheUrlAndTheTimeout() {
        String stalled = submit("imagenette2-160", 128);
        String healthy = submit("synthetic", 16);

        JsonNode failed = awaitRun(stalled, run -> run.get("status").asString().equals("FAILED"));
        awaitRun(healthy, run -> run.get("status").asString().equals("SUCCEEDED"));

        assertThat(failed.get("error").asString())
                .isEqualTo("Download of " + url("imagenette2-160.tgz") + " stalled: no data for 2 s (read timeout)");
    }

    @Test
    void aRunThatWaitsForeverIsEndedByTheWatchdogAndItsWorkerTakesTheNextRun() throws Exception {
        Path lock = dataDir.resolve("datasets/imagenette2.lock");
        Files.createDirectories(lock.getParent());
        Process holder = holdLockInAnotherProcess(lock);
        try {
            String waiting = submit("imagenette2", 128);
            String healthy = submit("synthetic", 16);

            JsonNode failed = awaitRun(waiting, run -> run.get("status").asString().equals("FAILED"));
            JsonNode next = awaitRun(healthy, run -> run.get("status").asString().equals("SUCCEEDED"));

            assertThat(failed.get("error").asString()).isEqualTo(
                    "stalled in waiting for another process that holds " + lock + ": no progress for 6s");
            assertThat(next.get("worker").asString()).isEqualTo(failed.get("worker").asString());
            assertThat(jdbc.queryForObject("SELECT lease_until FROM runs WHERE id = ?::uuid", Object.class, waiting))
                    .as("the ended run's lease is not renewed").isNull();
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void waitingForAnotherProcessThatMovesIsNotStallingEvenPastTheStallTimeout() throws Exception {
        Path lock = dataDir.resolve("datasets/imagenette2.lock");
        Files.createDirectories(lock.getParent());
        // another InitLab downloading for 10 s: its progress touches the lock file every half second
        Process holder = holdLockInAnotherProcess(lock, """
                for _ in range(20):
                    os.utime(sys.argv[1])
                    time.sleep(0.5)""");
        try {
            String waiting = submit("imagenette2", 128);

            JsonNode ended = awaitRun(waiting, run -> run.get("status").asString().equals("FAILED"));

            // once the lock is free the run downloads itself, from a server that sends nothing
            assertThat(ended.get("error").asString())
                    .isEqualTo("Download of " + url("imagenette2.tgz") + " stalled: no data for 2 s (read timeout)");
            assertThat(holder.waitFor()).as("the holder had finished its 10 s").isZero();
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void cancellingARunWhileItDownloadsStopsItAndTheRunShowedWhatItWasDoing() {
        String downloading = submit("imagenette2-320", 128);
        String healthy = submit("synthetic", 16);
        JsonNode busy = awaitRun(downloading, run -> run.get("progress").get("phase").asString("").startsWith("downloading"));

        post("/api/runs/" + downloading + "/cancel");

        awaitRun(downloading, run -> run.get("status").asString().equals("CANCELLED"));
        awaitRun(healthy, run -> run.get("status").asString().equals("SUCCEEDED"));
        assertThat(busy.get("progress").get("phase").asString()).isEqualTo("downloading " + url("imagenette2-320.tgz") + ": 0 %");
    }

    private String submit(String dataset, int imageSize) {
        return json(postJson("/api/experiments", """
                {"dataset": "%s", "imageSize": %d, "epochs": 1, "batchSize": 16, "trainLimit": 64, "validLimit": 32,
                 "variants": [{"name": "one-init", "bn2Gamma": 1}]}""".formatted(dataset, imageSize)))
                .get("runs").get(0).get("id").asString();
    }

    private JsonNode awaitRun(String runId, Predicate<JsonNode> done) {
        return await("/api/runs/" + runId, done);
    }

    private static String url(String file) {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/" + file;
    }

    /** A stuck process of another InitLab on the same data folder: Python holds the lock file and never lets go. */
    private static Process holdLockInAnotherProcess(Path lock) throws IOException {
        return holdLockInAnotherProcess(lock, "time.sleep(600)");
    }

    /** Python holds the lock file while it runs {@code work} (with {@code sys.argv[1]} the lock's path). */
    private static Process holdLockInAnotherProcess(Path lock, String work) throws IOException {
        Process holder = new ProcessBuilder("python3", "-c", """
                import fcntl, os, sys, time
                f = open(sys.argv[1], 'a')
                fcntl.lockf(f, fcntl.LOCK_EX)
                print('locked', flush=True)
                """ + work, lock.toString()).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo("locked");
        return holder;
    }

    /**
     * imagenette2-160.tgz: headers, then silence; imagenette2-320.tgz: one byte every 100 ms; both
     * announce a megabyte and give up after a minute.
     */
    private static HttpServer misbehavingServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                boolean trickle = exchange.getRequestURI().getPath().endsWith("imagenette2-320.tgz");
                try (exchange; OutputStream body = exchange.getResponseBody()) {
                    exchange.sendResponseHeaders(200, 1_000_000);
                    body.flush();
                    for (int tick = 0; tick < 600; tick++) {
                        if (trickle) {
                            body.write(0);
                            body.flush();
                        }
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException clientGone) {
                    // the download gave up or was cancelled: nothing left to send
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
