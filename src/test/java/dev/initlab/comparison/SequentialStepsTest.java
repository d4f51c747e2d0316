package dev.initlab.comparison;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.initlab.experiment.Run;
import dev.initlab.experiment.RunRepository;
import dev.initlab.support.ChildInstance;
import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps of sequential experiments on the real database, with no worker: runs are finished by hand. The
 * scheduled sweep runs too; whichever of it and the test decides first, a step is queued once.
 */
class SequentialStepsTest extends IntegrationTest {

    @Autowired
    private SequentialSteps steps;

    private static final String OTHER_INSTANCE = "initlab-other-instance";

    @Autowired
    private JdbcConnectionDetails database;

    @Autowired
    private DataSource dataSource;

    private JsonNode sequential(int seeds, int maxSeeds) {
        return json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": %s, "stopping": {"rule": "anytime", "maxSeeds": %d, "seedsPerStep": 3}}"""
                .formatted(java.util.stream.IntStream.range(0, seeds).boxed().toList(), maxSeeds)));
    }

    /** Stores each run's accuracy (one-init ahead by {@code lead} plus a little noise by seed) and finishes it. */
    private void finish(String experimentId, double lead) {
        for (JsonNode run : json(get("/api/experiments/" + experimentId)).get("runs")) {
            if (!run.get("status").asString().equals("QUEUED")) {
                continue;
            }
            int seed = run.get("seed").asInt();
            boolean one = run.get("variant").asString().equals("one-init");
            storeEpoch(run.get("id").asString(), 0, 0.7 + (one ? lead : 0) + (one ? 0.002 : -0.002) * (seed % 3));
            jdbc.update("UPDATE runs SET status = 'SUCCEEDED', started_at = now(), finished_at = now() WHERE id = ?",
                    UUID.fromString(run.get("id").asString()));
        }
    }

    private List<Long> seeds(String experimentId) {
        return json(get("/api/experiments/" + experimentId)).get("seeds").valueStream().map(JsonNode::asLong).toList();
    }

    @Test
    void anUndecidedStepQueuesTheNextSeedsOnceAndNothingWhileRunsAreOpen() {
        String id = sequential(2, 10).get("id").asString();
        finish(id, 0.0);

        List<Run> first = steps.decide(UUID.fromString(id)).queued();
        List<Run> again = steps.decide(UUID.fromString(id)).queued();

        assertThat(seeds(id)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(first.size() + again.size()).as("one step of 3 seeds × 2 variants, by the test or the sweep")
                .isIn(0, 6);
        assertThat(again).as("the new runs are queued: no step until they finish").isEmpty();
    }

    @Test
    void twoDecidingAtOnceQueueOneStep() throws Exception {
        String id = sequential(2, 10).get("id").asString();
        finish(id, 0.0);
        CyclicBarrier together = new CyclicBarrier(2);

        List<CompletableFuture<List<Run>>> deciders = List.of(1, 2).stream().map(n -> CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return steps.decide(UUID.fromString(id)).queued();
        })).toList();

        int queued = deciders.get(0).get().size() + deciders.get(1).get().size();
        assertThat(queued).isIn(0, 6);
        assertThat(seeds(id)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(json(get("/api/experiments/" + id)).get("runs")).hasSize(10);
    }

    @Test
    void twoInstancesDecidingAtTheSameMomentQueueOneStep() throws Exception {
        try (ChildInstance other = ChildInstance.startOn(database, "--initlab.worker.enabled=false",
                "--initlab.sequential.check-every=50ms",
                "--spring.datasource.hikari.data-source-properties.ApplicationName=" + OTHER_INSTANCE)) {
            String id = sequential(2, 10).get("id").asString();
            CompletableFuture<List<Run>> here;
            try (Connection gate = dataSource.getConnection(); Statement sql = gate.createStatement()) {
                // hold the queue's lock, so that both instances find the step due and wait for it together
                sql.execute("SELECT pg_advisory_lock(" + RunRepository.QUEUEING_LOCK + ")");
                try {
                    finish(id, 0.0);
                    here = CompletableFuture.supplyAsync(() -> steps.decide(UUID.fromString(id)).queued());
                    awaitWaiterForTheQueueLock(true);
                    awaitWaiterForTheQueueLock(false);
                } finally {
                    sql.execute("SELECT pg_advisory_unlock(" + RunRepository.QUEUEING_LOCK + ")");
                }
            }

            assertThat(here.get(30, TimeUnit.SECONDS).size()).isIn(0, 6);
            assertThat(seeds(id)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(json(get("/api/experiments/" + id)).get("runs")).as("one step of 3 seeds × 2 variants")
                    .hasSize(10);
            assertThat(other.log()).doesNotContain("ERROR");
        }
    }

    /** Waits until a connection of the other instance, or of this one, waits for the queue's lock. */
    private void awaitWaiterForTheQueueLock(boolean otherInstance) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (jdbc.queryForObject("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND NOT l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = ?
                  AND (a.application_name = ?) = ?""",
                Long.class, RunRepository.QUEUEING_LOCK, OTHER_INSTANCE, otherInstance) == 0) {
            assertThat(Instant.now()).as((otherInstance ? "the other instance" : "this instance")
                    + " waits for the queue's lock to take the step").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aClearLeadIsDecidedAndQueuesNothingMore() {
        String id = sequential(8, 10).get("id").asString();
        finish(id, 0.05);

        SequentialSteps.Step step = steps.decide(UUID.fromString(id));

        assertThat(step.finished()).isTrue();
        assertThat(step.queued()).isEmpty();

        JsonNode sequential = json(get("/api/experiments/" + id + "/comparison")).get("pairs").get(0).get("sequential");
        assertThat(sequential.get("state").asString()).isEqualTo("decided");
        assertThat(sequential.get("eValue").asDouble()).isGreaterThanOrEqualTo(20);
        assertThat(sequential.get("confidenceSequence").get("low").asDouble()).isPositive();
        assertThat(sequential.get("level").asString()).isEqualTo("anytime-valid 95 %");
        assertThat(seeds(id)).hasSize(8);
    }

    @Test
    void aSequentialSpecStartsWithTwoSeedsAtLeastAndNoMoreThanItsCap() {
        var one = postJson("/api/experiments", """
                {"dataset": "synthetic", "variants": [{"name": "a", "bn2Gamma": 0}, {"name": "b", "bn2Gamma": 1}],
                 "seeds": [0], "stopping": {"rule": "anytime"}}""");
        var over = postJson("/api/experiments", """
                {"dataset": "synthetic", "variants": [{"name": "a", "bn2Gamma": 0}, {"name": "b", "bn2Gamma": 1}],
                 "seeds": [0, 1, 2], "stopping": {"rule": "anytime", "maxSeeds": 2}}""");

        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(json(one).get("errors").get(0).get("message").asString())
                .isEqualTo("a sequential experiment starts with at least 2 seeds, the first pairs");
        assertThat(json(over).get("errors").get(0).get("message").asString())
                .isEqualTo("a sequential experiment starts with at most stopping.maxSeeds (2) seeds, got 3");
    }
}
