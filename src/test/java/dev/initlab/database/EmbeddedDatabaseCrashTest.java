package dev.initlab.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.initlab.support.ChildInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EmbeddedDatabaseCrashTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void experimentSurvivesKillMinusNineAndTheNextStartTakesOverTheOrphanedDatabase() throws Exception {
        String id;
        long orphanPid;
        ChildInstance first = ChildInstance.start(dataDir, "--initlab.worker.enabled=false");
        try {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/experiments"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name": "survives kill -9", "dataset": "synthetic", "imageSize": 16, "epochs": 1,
                             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                             "seeds": [0, 1, 2]}""")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = JSON.readTree(created.body()).get("id").asString();
            orphanPid = postmasterPid(dataDir);
        } finally {
            first.killHard();
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
                .as("the killed JVM's PostgreSQL is still running, holding the data directory").hasValue(true);

        try (ChildInstance second = ChildInstance.start(dataDir, "--initlab.worker.enabled=false")) {
            HttpResponse<String> readBack = HTTP.send(HttpRequest.newBuilder(URI.create(second.baseUrl() + "/api/experiments/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(readBack.statusCode()).as(second.log()).isEqualTo(200);
            JsonNode experiment = JSON.readTree(readBack.body());
            assertThat(experiment.get("name").asString()).isEqualTo("survives kill -9");
            assertThat(experiment.get("runs")).hasSize(6);
            assertThat(second.log()).contains("Stopping orphaned PostgreSQL (pid " + orphanPid + ")");
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    private static long postmasterPid(Path dataDir) throws Exception {
        List<String> lines = Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"));
        return Long.parseLong(lines.get(0).trim());
    }
}
