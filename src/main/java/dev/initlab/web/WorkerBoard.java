package dev.initlab.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.initlab.experiment.Experiment;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.Run;
import dev.initlab.queue.RunQueue;
import dev.initlab.queue.WorkerProperties;
import dev.initlab.queue.WorkerRegistry;
import dev.initlab.queue.WorkerRegistry.WorkerStatus;
import org.springframework.stereotype.Component;

/** Reads who serves the queue, what each worker trains, and how long the queue is, for the home page. */
@Component
class WorkerBoard {

    private final WorkerRegistry registry;
    private final RunQueue queue;
    private final ExperimentService experiments;
    private final Duration liveWithin;

    WorkerBoard(WorkerRegistry registry, RunQueue queue, ExperimentService experiments, WorkerProperties properties) {
        this.registry = registry;
        this.queue = queue;
        this.experiments = experiments;
        this.liveWithin = properties.liveWithin();
    }

    WorkersSnapshot snapshot() {
        Map<UUID, Experiment> experimentsById = new HashMap<>();
        List<WorkerLine> lines = registry.live(liveWithin).stream()
                .map(worker -> line(worker, experimentsById))
                .toList();
        return new WorkersSnapshot(lines, queue.stats());
    }

    private WorkerLine line(WorkerStatus worker, Map<UUID, Experiment> experimentsById) {
        if (worker.currentRun() == null) {
            return new WorkerLine(worker, null, null);
        }
        Run run = experiments.run(worker.currentRun());
        Experiment experiment = experimentsById.computeIfAbsent(run.getExperimentId(),
                id -> experiments.details(id).experiment());
        return new WorkerLine(worker, run, experiment);
    }
}
