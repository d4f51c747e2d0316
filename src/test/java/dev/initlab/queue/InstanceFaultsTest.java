package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.initlab.support.ChildInstance;
import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import tools.jackson.databind.JsonNode;

/**
 * Instances that freeze or stop at a bad moment, with the database shared: the test's own instance only
 * serves the API, the runs train on child instances.
 */
class InstanceFaultsTest extends IntegrationTest {

    private static final List<String> FAST_LEASES = List.of("--initlab.worker.enabled=true",
            "--initlab.worker.devices=cpu", "--initlab.worker.runs-per-device=1", "--initlab.worker.lease=4s",
            "--initlab.worker.heartbeat=1s", "--initlab.worker.reap-every=1s");

    @Autowired
    private JdbcConnectionDetails database;

    private ChildInstance start(String checkpointEvery) throws Exception {
        List<String> arguments = new ArrayList<>(FAST_LEASES);
        arguments.add(checkpointEvery);
        return ChildInstance.startOn(database, arguments.toArray(String[]::new));
    }

    private String queueOneRun(int epochs) {
        return json(postJson("/api/experiments", """
                {"name": "fault", "dataset": "synthetic", "imageSize": 16, "epochs": %d, "batchSize": 16,
                 "trainLimit": 128, "validLimit": 32, "device": "cpu",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0]}""".formatted(epochs)))
                .get("runs").get(0).get("id").asString();
    }

    /** The database is shared with other test classes: their queued runs would be claimed before ours. */
    @BeforeEach
    void emptyQueue() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
    }

    @AfterEach
    void removeAudit() {
        jdbc.execute("DROP TRIGGER IF EXISTS audit_versions ON checkpoint_versions");
        jdbc.execute("DROP FUNCTION IF EXISTS audit_versions");
        jdbc.execute("DROP TABLE IF EXISTS version_writes");
    }

    @Test
    void anInstanceFrozenPastItsLeaseDropsTheRunOnThawWritingNothingAndTheRunFinishesOnceElsewhere()
            throws Exception {
        jdbc.execute("CREATE TABLE version_writes (worker varchar(200), at timestamptz)");
        jdbc.execute("""
                CREATE FUNCTION audit_versions() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO version_writes VALUES (NEW.worker, clock_timestamp());
                    RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER audit_versions AFTER INSERT ON checkpoint_versions FOR EACH ROW "
                + "EXECUTE FUNCTION audit_versions()");
        try (ChildInstance frozen = start("--initlab.worker.checkpoint-every=0s")) {
            String runId = queueOneRun(5);
            JsonNode held = await("/api/runs/" + runId, run -> run.get("status").asString().equals("RUNNING")
                    && run.get("progress").get("epoch").asInt(0) >= 1);
            String frozenWorker = held.get("worker").asString();
            signal("STOP", frozen);
            try (ChildInstance taker = start("--initlab.worker.checkpoint-every=0s")) {
                await("/api/runs/" + runId, run -> run.get("status").asString().equals("RUNNING")
                        && run.get("worker").asString().contains(":" + taker.pid() + "/"));
                Timestamp thawed = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
                signal("CONT", frozen);

                Instant deadline = Instant.now().plusSeconds(10);
                while (!frozen.log().contains("Run " + runId + " was taken back from worker")) {
                    assertThat(Instant.now()).as("the thawed instance dropped the run").isBefore(deadline);
                    Thread.sleep(100);
                }
                JsonNode finished = await("/api/runs/" + runId,
                        run -> run.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED"));

                assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
                assertThat(finished.get("attempt").asInt()).isOne();
                assertThat(finished.get("worker").asString()).contains(":" + taker.pid() + "/");
                assertThat(jdbc.queryForList("SELECT epoch FROM epoch_metrics WHERE run_id = ?::uuid ORDER BY epoch",
                        Integer.class, runId)).containsExactly(0, 1, 2, 3, 4);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM version_writes WHERE worker = ? AND at > ?",
                        Integer.class, frozenWorker, thawed)).as("checkpoints written by the thawed worker").isZero();
            }
        }
    }

    @Test
    void aRunCancelledJustBeforeItsInstanceStopsStaysCancelled() throws Exception {
        String runId;
        try (ChildInstance instance = start("--initlab.worker.checkpoint-every=1h")) {
            runId = queueOneRun(20);
            await("/api/runs/" + runId, run -> run.get("status").asString().equals("RUNNING")
                    && run.get("progress").get("batch").asInt(0) >= 1);

            assertThat(post("/api/runs/" + runId + "/cancel").statusCode()).isEqualTo(200);
        }

        assertThat(jdbc.queryForObject("SELECT status FROM runs WHERE id = ?", String.class, UUID.fromString(runId)))
                .isEqualTo("CANCELLED");
    }

    private static void signal(String signal, ChildInstance instance) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(instance.pid())).start().waitFor())
                .isZero();
    }
}
