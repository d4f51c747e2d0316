package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** What the workers of one instance know of their runs, kept apart per claim. */
class ActiveRunsTest {

    private final UUID run = UUID.randomUUID();
    private final RunClaim stale = new RunClaim(run, "host:1/cpu-0");
    private final RunClaim current = new RunClaim(run, "host:1/cpu-1");

    @Test
    void aStaleClaimsLossAndEndNeverReachTheCurrentHolderOfTheSameRun() {
        ActiveRuns active = new ActiveRuns();
        active.started(stale);
        active.started(current);

        active.update(stale, Holding.LOST);
        active.finished(stale);

        assertThat(active.lost(current)).isFalse();
        assertThat(active.claims()).containsExactly(current);
    }

    @Test
    void aCancelIsKeptForTheClaimThatHeardIt() {
        ActiveRuns active = new ActiveRuns();
        active.started(current);
        active.update(current, Holding.CANCEL_REQUESTED);
        active.update(stale, Holding.LOST);

        assertThat(active.cancelRequested(current)).isTrue();
        assertThat(active.cancelRequested(stale)).isFalse();
        assertThat(active.lost(stale)).as("a claim not training here is not tracked").isFalse();
    }
}
