package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.initlab.support.ChildInstance;
import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away for 20 s while two instances on it train two runs each: every connection is
 * ended and none is let in (ALTER DATABASE … ALLOW_CONNECTIONS false, as a restart or a failover looks
 * to the instances), then it comes back. Nothing is lost and nothing is trained twice. The connection pools
 * give up on a connection after 3 s, so that the workers' writes are refused, not only slow. This
 * instance's leases (60 s) outlast the outage, the other's (8 s) do not: its runs are either taken back
 * by a reaper and resumed once, or kept by its own heartbeat if that comes first.
 */
@WithWorkers
@TestPropertySource(properties = {"initlab.worker.runs-per-device=2", "initlab.worker.lease=60s",
        "initlab.worker.checkpoint-every=0s", "spring.datasource.hikari.connection-timeout=3000"})
class DatabaseOutageTest extends IntegrationTest {

    private static final int EPOCHS = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Autowired
    private JdbcConnectionDetails database;

    private String experiment(String name) {
        return json(postJson("/api/experiments", """
                {"name": "%s", "dataset": "synthetic", "imageSize": 16, "epochs": %d, "batchSize": 16,
                 "trainLimit": 256, "validLimit": 32, "device": "cpu",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1]}""".formatted(name, EPOCHS))).get("id").asString();
    }

    /** Each run's accuracy at every epoch, by variant and seed. */
    private Map<String, List<Double>> accuracies(String experimentId) {
        Map<String, List<Double>> byRun = new HashMap<>();
        for (JsonNode run : json(get("/api/experiments/" + experimentId + "/metrics")).get("runs")) {
            byRun.put(run.get("variant").asString() + "/" + run.get("seed").asInt(),
                    run.get("epochs").findValues("accuracy").stream().map(JsonNode::asDouble).toList());
        }
        return byRun;
    }

    private JsonNode awaitAllFinished(String experimentId) {
        return await("/api/experiments/" + experimentId, experiment -> experiment.get("runs").valueStream()
                .allMatch(run -> run.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")));
    }

    @Test
    void everyRunTrainingThroughA20SecondOutageSucceedsOnceWithEveryEpochStored() throws Exception {
        try (ChildInstance other = ChildInstance.startOn(database, "--initlab.worker.enabled=true",
                "--initlab.worker.devices=cpu",
                "--initlab.worker.runs-per-device=2", "--initlab.worker.lease=8s", "--initlab.worker.heartbeat=1s",
                "--initlab.worker.checkpoint-every=0s", "--spring.datasource.hikari.connection-timeout=3000")) {
            String id = experiment("through an outage");
            JsonNode training = await("/api/experiments/" + id, experiment -> experiment.get("runs").valueStream()
                    .allMatch(run -> run.get("status").asString().equals("RUNNING")
                            && run.get("progress").get("epoch").asInt(0) >= 1));
            String otherInstance = ":" + other.pid() + "/";
            Map<String, Boolean> heldByOther = new HashMap<>();
            training.get("runs").forEach(run -> heldByOther.put(run.get("id").asString(),
                    run.get("worker").asString().contains(otherInstance)));

            Instant back = outage();

            awaitHealthUp(back.plusSeconds(30));
            JsonNode finished = awaitAllFinished(id);
            assertThat(finished.get("runs")).allSatisfy(run -> {
                assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
                if (heldByOther.get(run.get("id").asString())) {
                    assertThat(run.get("resumedFrom").isNull()).as("a run whose lease expired is resumed").isFalse();
                    assertThat(run.get("attempt").asInt()).as("resumed once").isLessThanOrEqualTo(1);
                    assertThat(other.log()).as("the instance whose lease expired trained the run no further")
                            .containsPattern("Run " + run.get("id").asString()
                                    + "(: the lease of worker .* expired; handed back| was taken back)");
                } else {
                    assertThat(run.get("attempt").asInt()).as("a lease that outlasted the outage kept its run")
                            .isZero();
                    assertThat(run.get("resumedFrom").isNull()).isTrue();
                }
            });
            assertThat(heldByOther.values()).as("both instances trained").contains(true, false);
            Map<String, List<Double>> interrupted = accuracies(id);
            assertThat(interrupted.values()).allSatisfy(epochs -> assertThat(epochs).hasSize(EPOCHS));

            String straightId = experiment("without an outage");
            awaitAllFinished(straightId);
            Map<String, List<Double>> straight = accuracies(straightId);
            interrupted.forEach((run, epochs) -> {
                for (int epoch = 0; epoch < EPOCHS; epoch++) {
                    assertThat(epochs.get(epoch)).as("%s epoch %d", run, epoch)
                            .isCloseTo(straight.get(run).get(epoch), within(1e-6));
                }
            });
            assertThat(other.log()).contains("training paused, retrying").contains("training goes on");
        }
    }

    /**
     * Ends every connection to InitLab's database and lets none in for {@link #OUTAGE}, from a connection to
     * the server's template1; answers when the database took connections again.
     */
    private Instant outage() throws Exception {
        String databaseName = jdbc.queryForObject("SELECT current_database()", String.class);
        URI url = URI.create(database.getJdbcUrl().substring("jdbc:".length()));
        String template1 = "jdbc:" + url.getScheme() + "://" + url.getAuthority() + "/template1";
        try (Connection admin = DriverManager.getConnection(template1, database.getUsername(),
                database.getPassword()); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE \"" + databaseName + "\" ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + databaseName + "' AND pid <> pg_backend_pid()");
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                sql.execute("ALTER DATABASE \"" + databaseName + "\" ALLOW_CONNECTIONS true");
            }
        }
        return Instant.now();
    }

    private void awaitHealthUp(Instant deadline) throws InterruptedException {
        while (get("/actuator/health").statusCode() != 200) {
            assertThat(Instant.now()).as("/actuator/health is UP again").isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
