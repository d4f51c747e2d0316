package dev.initlab.comparison;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.initlab.experiment.Experiment;
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

    private final ExperimentService experiments;
    private final ExperimentVersions versions;
    /** The version each experiment was last looked at: a step is decided once per change of its data. */
    private final Map<UUID, ExperimentVersion> lookedAt = new ConcurrentHashMap<>();

    SequentialSteps(ExperimentService experiments, ExperimentVersions versions) {
        this.experiments = experiments;
        this.versions = versions;
    }

    @Scheduled(fixedDelayString = "${initlab.sequential.check-every:2s}")
    void decideSettledExperiments() {
        for (UUID id : experiments.settledSequentialExperiments()) {
            ExperimentVersion version = versions.of(id);
            if (!version.equals(lookedAt.get(id))) {
                decide(id);
                lookedAt.put(id, version);
            }
        }
    }

    /** Queues the next step of {@code experimentId} if one of its variants is undecided; answers the runs queued. */
    List<Run> decide(UUID experimentId) {
        ExperimentMetrics metrics = experiments.experimentMetrics(experimentId);
        Experiment experiment = metrics.details().experiment();
        Stopping stopping = experiment.getAnalysis().stopping();
        List<SequentialState> states = ComparisonView.sequentialStates(metrics);
        if (stopping == null || states.stream().allMatch(state -> state.state().isFinal())) {
            return List.of();
        }
        int seeds = (int) metrics.details().runs().stream().map(Run::getSeed).distinct().count();
        int count = Math.min(stopping.seedsPerStep(), stopping.maxSeeds() - seeds);
        List<Run> queued = experiments.continueSequence(experimentId, seeds, count);
        if (!queued.isEmpty()) {
            log.info("Sequential experiment {}: undecided after {} seeds, {} more queued", experimentId, seeds, count);
        }
        return queued;
    }
}
