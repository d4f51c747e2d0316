package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A real CPU worker training tiny synthetic runs while the database refuses some of its writes: a trigger
 * raises for the first writes of the run under test into one table, as a failing checkpoint, a restarted
 * server or a lost connection would. A checkpoint after every epoch, so that each epoch writes one.
 */
@WithWorkers
@TestPropertySource(properties = "initlab.worker.checkpoint-every=0s")
class DatabaseFaultsTest extends IntegrationTest {

    private static final int EPOCHS = 3;

    /** Queues a one-run experiment where no worker takes it yet; answers its run's id. */
    private UUID queueWhereNoWorkerTakesIt() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "imageSize": 16, "epochs": %d, "batchSize": 16, "trainLimit": 32,
                 "validLimit": 16, "device": "gpu8", "variants": [{"name": "one-init", "bn2Gamma": 1}]}"""
                .formatted(EPOCHS)));
        return UUID.fromString(experiment.get("runs").get(0).get("id").asString());
    }

    /** The first {@code times} rows of {@code runId} inserted into {@code table} are refused. */
    private void refuseFirstWrites(String table, UUID runId, int times) {
        jdbc.execute("CREATE SEQUENCE fault_" + table);
        jdbc.execute("""
                CREATE FUNCTION fault_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.run_id = '%2$s' THEN
                        -- a sequence, not a table: its count survives the rollback that the exception causes
                        IF nextval('fault_%1$s') <= %3$d THEN
                            RAISE EXCEPTION 'injected fault: %% refused', TG_TABLE_NAME;
                        END IF;
                    END IF;
                    RETURN NEW;
                END $$""".formatted(table, runId, times));
        jdbc.execute("CREATE TRIGGER fault_%1$s BEFORE INSERT ON %1$s FOR EACH ROW EXECUTE FUNCTION fault_%1$s()"
                .formatted(table));
    }

    private long writesTried(String table) {
        return jdbc.queryForObject("SELECT last_value FROM fault_" + table, Long.class);
    }

    @AfterEach
    void removeFaults() {
        for (String table : List.of("epoch_metrics", "checkpoint_versions")) {
            jdbc.execute("DROP TRIGGER IF EXISTS fault_%1$s ON %1$s".formatted(table));
            jdbc.execute("DROP FUNCTION IF EXISTS fault_" + table);
            jdbc.execute("DROP SEQUENCE IF EXISTS fault_" + table);
        }
    }

    private JsonNode trainAndAwait(UUID runId) {
        jdbc.update("UPDATE experiments SET device = 'cpu' WHERE id = (SELECT experiment_id FROM runs WHERE id = ?)",
                runId);
        return await("/api/runs/" + runId, run -> run.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
    }

    private List<Integer> epochsOf(UUID runId) {
        return jdbc.queryForList("SELECT epoch FROM epoch_metrics WHERE run_id = ? ORDER BY epoch", Integer.class,
                runId);
    }

    @Test
    void aCheckpointTheDatabaseRefusesIsSkippedAndTheRunFinishes() {
        UUID runId = queueWhereNoWorkerTakesIt();
        refuseFirstWrites("checkpoint_versions", runId, 1);

        JsonNode run = trainAndAwait(runId);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("attempt").asInt()).isZero();
        assertThat(epochsOf(runId)).containsExactly(0, 1, 2);
        assertThat(writesTried("checkpoint_versions")).as("the refused checkpoint, then the next one")
                .isGreaterThan(1);
    }

    @Test
    void epochsTheDatabaseRefusesAreWrittenOnceItTakesThemAgain() {
        UUID runId = queueWhereNoWorkerTakesIt();
        refuseFirstWrites("epoch_metrics", runId, 3);

        JsonNode run = trainAndAwait(runId);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("attempt").asInt()).isZero();
        assertThat(epochsOf(runId)).containsExactly(0, 1, 2);
        assertThat(writesTried("epoch_metrics")).as("3 refused, then the 3 epochs").isEqualTo(3 + EPOCHS);
    }
}
