package dev.initlab.comparison;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.Stopping;
import dev.initlab.experiment.ExperimentVersion;
import dev.initlab.experiment.ExperimentVersions;
import dev.initlab.experiment.Run;
import dev.initlab.stats.SequentialState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes sequential experiments from step to step. Whenever all of an experiment's runs have finished, its
 * standing is computed from the stored runs alone ({@link ComparisonView#sequentialStates}); while a
 * compared variant is still undecided and the cap allows, the next {@code seedsPerStep} seeds are queued.
 * Every instance does this: {@link ExperimentService#continueSequence} queues a step once however many
 * instances decide at the same moment, and a restart loses nothing because nothing but the runs is kept.
 */
@Component
class SequentialSteps {

    private static final Logger log = LoggerFactory.getLogger(SequentialSteps.class);

    /** A step refused by a limit is tried again after this, in case the queue has moved or the limit was raised. */
    private static final Duration RETRY_REFUSED = Duration.ofMinutes(1);

    private final ExperimentService experiments;
    private final ExperimentVersions versions;
    /** Each experiment's last look: a step is decided once per change of its data, unless it was refused. */
    private final Map<UUID, Look> looks = new ConcurrentHashMap<>();

    SequentialSteps(ExperimentService experiments, ExperimentVersions versions) {
        this.experiments = experiments;
        this.versions = versions;
    }

    /** The version an experiment was looked at, and when to look again if nothing changes (null: never). */
    private record Look(ExperimentVersion version, Instant again) {

        boolean stillCurrent(ExperimentVersion now, Instant at) {
            return version.equals(now) && (again == null || at.isBefore(again));
        }
    }

    /**
     * What a look at an experiment whose runs have all finished did.
     *
     * @param finished true when every compared variant has reached a final state: nothing more to do
     * @param queued   the next step's runs; none when finished, taken by another instance, or refused
     */
    record Step(boolean finished, List<Run> queued) {
    }

    @Scheduled(fixedDelayString = "${initlab.sequential.check-every:2s}")
    void decideSettledExperiments() {
        for (UUID id : experiments.settledSequentialExperiments()) {
            ExperimentVersion version = versions.of(id);
            Instant now = Instant.now();
            Look last = looks.get(id);
            if (last == null || !last.stillCurrent(version, now)) {
                Step step = decide(id);
                boolean refused = !step.finished() && step.queued().isEmpty();
                looks.put(id, new Look(version, refused ? now.plus(RETRY_REFUSED) : null));
            }
        }
    }

    /** Queues the next step of {@code experimentId} if one of its variants is undecided. */
    Step decide(UUID experimentId) {
        ExperimentMetrics metrics = experiments.experimentMetrics(experimentId);
        List<SequentialState> states = ComparisonView.sequentialStates(metrics);
        // none for a fixed design
        if (states.stream().allMatch(state -> state.state().isFinal())) {
            return new Step(true, List.of());
        }
        Stopping stopping = metrics.details().experiment().getAnalysis().stopping();
        int seeds = states.get(0).seeds();
        int count = Math.min(stopping.seedsPerStep(), stopping.maxSeeds() - seeds);
        List<Run> queued = experiments.continueSequence(experimentId, seeds, count);
        if (!queued.isEmpty()) {
            log.info("Sequential experiment {}: undecided after {} seeds, {} more queued", experimentId, seeds, count);
        }
        return new Step(false, queued);
    }
}
