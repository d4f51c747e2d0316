package dev.initlab.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.initlab.limits.LimitExceededException;
import dev.initlab.limits.LimitsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates experiments with their runs, adds seeds to them, and answers what is stored about them. */
@Service
public class ExperimentService {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

    private final ExperimentRepository experiments;
    private final RunRepository runs;
    private final EpochMetricRepository metrics;
    private final LimitsProperties limits;

    ExperimentService(ExperimentRepository experiments, RunRepository runs, EpochMetricRepository metrics,
                      LimitsProperties limits) {
        this.experiments = experiments;
        this.runs = runs;
        this.metrics = metrics;
        this.limits = limits;
    }

    /**
     * Stores a validated spec and queues one run per variant × seed, all or nothing. Runs are
     * queued seed by seed, so the variants of one seed finish close together and pairs fill in early.
     *
     * @throws LimitExceededException with more runs than one experiment may have, or more epochs than the
     *                                queue may hold; nothing is stored then
     */
    @Transactional
    public ExperimentDetails create(ExperimentSpec spec) {
        int variantCount = spec.variants().size();
        int seedCount = spec.seedsOrDefault().size();
        int runCount = variantCount * seedCount;
        if (runCount > limits.runsPerExperiment()) {
            throw LimitExceededException.tooManyRuns(limits.runsPerExperiment(), variantCount, seedCount);
        }
        Recipe recipe = Recipe.of(spec);
        // Two submissions that each fit must not both pass when together they do not. The advisory lock makes
        // them take turns from count to commit, and READ COMMITTED lets the second count see the first's runs.
        // SERIALIZABLE would refuse one of them too, but as an error to retry, and it would also fail
        // submissions over the workers' constant updates of runs. Workers need no lock: they only take epochs
        // off the count (a run that goes back to the queue brings back its own epochs, not new work).
        runs.lockQueueing();
        long epochsToTrain = runs.epochsToTrain();
        if (epochsToTrain + (long) runCount * recipe.epochs() > limits.queuedRunEpochs()) {
            throw LimitExceededException.queueFull(limits.queuedRunEpochs(), epochsToTrain, runCount, recipe.epochs());
        }
        Experiment experiment = new Experiment(UUID.randomUUID(), nameOf(spec), recipe, Analysis.of(spec));
        List<Variant> variants = spec.variants().stream()
                .map(variant -> experiment.addVariant(variant.name().strip(), variant.bn2Gamma()))
                .toList();
        experiments.saveAndFlush(experiment);
        Instant now = Instant.now();
        List<Run> queued = new ArrayList<>();
        for (long seed : spec.seedsOrDefault()) {
            for (Variant variant : variants) {
                queued.add(new Run(UUID.randomUUID(), experiment.getId(), variant, seed, now));
            }
        }
        runs.saveAllAndFlush(queued);
        return details(experiment.getId());
    }

    /**
     * Adds seeds to a stored experiment and queues one run per variant × new seed with its stored recipe, seed by
     * seed as {@link #create} does, all or nothing, under the same limits: the experiment's runs, those it has and
     * the new ones, and the epochs in the queue. The new seeds are {@code request}'s seeds, or for a count the
     * smallest non-negative integers the experiment does not have yet.
     *
     * @return the new runs, in queue order
     * @throws NotFoundException                  when there is no such experiment
     * @throws SeedsAlreadyInExperimentException when a seed asked for is already in the experiment
     * @throws LimitExceededException             with more runs than one experiment may have, or more epochs than
     *                                            the queue may hold; nothing is stored then
     */
    @Transactional
    public List<Run> addSeeds(UUID experimentId, SeedsToAdd request) {
        Experiment experiment = experiment(experimentId);
        // The lock comes before reading the experiment's seeds: two requests for the same experiment then take
        // turns, so that neither picks a seed the other has just added, nor passes a limit the other has reached.
        runs.lockQueueing();
        List<Run> existing = runs.findByExperimentIdOrderByQueueOrder(experimentId);
        Set<Long> taken = existing.stream().map(Run::getSeed).collect(Collectors.toSet());
        List<Long> seeds;
        if (request.count() != null) {
            seeds = new ArrayList<>();
            for (long seed = 0; seeds.size() < request.count(); seed++) {
                if (!taken.contains(seed)) {
                    seeds.add(seed);
                }
            }
        } else {
            seeds = request.seeds();
            List<Long> duplicates = seeds.stream().filter(taken::contains).toList();
            if (!duplicates.isEmpty()) {
                throw new SeedsAlreadyInExperimentException(experimentId, duplicates);
            }
        }
        List<Variant> variants = experiment.getVariants();
        int runCount = variants.size() * seeds.size();
        if (existing.size() + runCount > limits.runsPerExperiment()) {
            throw LimitExceededException.tooManyRunsAdded(limits.runsPerExperiment(), existing.size(), variants.size(),
                    seeds.size(), request.count() != null ? "count" : "seeds");
        }
        int epochs = experiment.getRecipe().epochs();
        long epochsToTrain = runs.epochsToTrain();
        if (epochsToTrain + (long) runCount * epochs > limits.queuedRunEpochs()) {
            throw LimitExceededException.queueFull(limits.queuedRunEpochs(), epochsToTrain, runCount, epochs,
                    "these seeds add");
        }
        Instant now = Instant.now();
        List<Run> queued = new ArrayList<>();
        for (long seed : seeds) {
            for (Variant variant : variants) {
                queued.add(new Run(UUID.randomUUID(), experimentId, variant, seed, now));
            }
        }
        runs.saveAllAndFlush(queued);
        return queued;
    }

    /** Sequential experiments whose runs have all finished: each is at the end of a step, or of its sequence. */
    @Transactional(readOnly = true)
    public List<UUID> settledSequentialExperiments() {
        return experiments.findSettledSequentialExperimentIds();
    }

    /**
     * Queues the next step of a sequential experiment, {@code count} new seeds, if it still stands where
     * its caller saw it: {@code seeds} seeds and every run finished. Under the queue's lock, so that of
     * several instances deciding at the same moment one queues the step and the others find it queued.
     *
     * @return the new runs; none when another instance took the step first, or a limit refused it (logged)
     */
    @Transactional
    public List<Run> continueSequence(UUID experimentId, int seeds, int count) {
        runs.lockQueueing();
        List<Run> existing = runs.findByExperimentIdOrderByQueueOrder(experimentId);
        boolean settled = existing.stream().allMatch(run -> run.getStatus().isFinished());
        if (!settled || existing.stream().map(Run::getSeed).distinct().count() != seeds) {
            return List.of();
        }
        try {
            return addSeeds(experimentId, new SeedsToAdd(count, null));
        } catch (LimitExceededException refused) {
            // the next look, after the queue has moved or a limit was raised, tries again
            log.warn("Sequential experiment {} cannot take its next step: {}", experimentId, refused.reason());
            return List.of();
        }
    }

    @Transactional(readOnly = true)
    public ExperimentDetails details(UUID experimentId) {
        return new ExperimentDetails(experiment(experimentId), runs.findByExperimentIdOrderByQueueOrder(experimentId));
    }

    /** The experiment with its recipe and variants, without its runs. */
    @Transactional(readOnly = true)
    public Experiment experiment(UUID experimentId) {
        Experiment experiment = experiments.findById(experimentId)
                .orElseThrow(() -> new NotFoundException("experiment", experimentId));
        experiment.getVariants().size();
        return experiment;
    }

    @Transactional(readOnly = true)
    public Page<ExperimentDetails> list(Pageable pageable) {
        Page<Experiment> page = experiments.findAllByOrderByCreatedAtDescIdAsc(pageable);
        List<Run> pageRuns = runs.findByExperimentIdInOrderByQueueOrder(page.map(Experiment::getId).toList());
        return page.map(experiment -> {
            experiment.getVariants().size();
            return new ExperimentDetails(experiment, pageRuns.stream()
                    .filter(run -> run.getExperimentId().equals(experiment.getId())).toList());
        });
    }

    /** Each run's final and best accuracy, computed in the database; runs without a stored epoch are absent. */
    @Transactional(readOnly = true)
    public Map<UUID, RunAccuracy> runAccuracies(UUID experimentId) {
        Map<UUID, RunAccuracy> accuracies = new HashMap<>();
        for (Object[] row : metrics.accuraciesByExperiment(experimentId)) {
            accuracies.put((UUID) row[0], new RunAccuracy((Double) row[1], (Double) row[2]));
        }
        return accuracies;
    }

    /** How many epochs each run of the experiment has stored, without reading them. */
    @Transactional(readOnly = true)
    public Map<UUID, Long> storedEpochCounts(UUID experimentId) {
        Map<UUID, Long> counts = new HashMap<>();
        for (Object[] row : metrics.countByExperiment(experimentId)) {
            counts.put((UUID) row[0], (Long) row[1]);
        }
        return counts;
    }

    @Transactional(readOnly = true)
    public Run run(UUID runId) {
        return runs.findById(runId).orElseThrow(() -> new NotFoundException("run", runId));
    }

    @Transactional(readOnly = true)
    public List<EpochMetric> runMetrics(UUID runId) {
        run(runId);
        return metrics.findByRunIdOrderByEpoch(runId);
    }

    /** The experiment, its runs, and every stored epoch of each run. */
    @Transactional(readOnly = true)
    public ExperimentMetrics experimentMetrics(UUID experimentId) {
        ExperimentDetails details = details(experimentId);
        List<UUID> runIds = details.runs().stream().map(Run::getId).toList();
        return new ExperimentMetrics(details, metrics.findByRunIdInOrderByRunIdAscEpochAsc(runIds));
    }

    /** Cancels every run of the experiment that has not finished. */
    @Transactional
    public ExperimentDetails cancelExperiment(UUID experimentId) {
        ExperimentDetails details = details(experimentId);
        List<UUID> open = details.runs().stream().filter(run -> !run.getStatus().isFinished()).map(Run::getId).toList();
        if (!open.isEmpty()) {
            runs.cancel(open);
        }
        return details(experimentId);
    }

    /** A queued run is cancelled at once; a running one is asked to stop at its next batch. */
    @Transactional
    public Run cancelRun(UUID runId) {
        Run run = run(runId);
        if (run.getStatus().isFinished()) {
            throw new RunNotCancellableException(run);
        }
        runs.cancel(List.of(runId));
        return run(runId);
    }

    private static String nameOf(ExperimentSpec spec) {
        if (spec.name() != null && !spec.name().isBlank()) {
            return spec.name().strip();
        }
        String variants = String.join(" vs ", spec.variants().stream().map(ExperimentSpec.VariantSpec::name).toList());
        String name = spec.dataset() + ": " + variants;
        return name.length() <= 200 ? name : name.substring(0, 199) + "…";
    }
}
