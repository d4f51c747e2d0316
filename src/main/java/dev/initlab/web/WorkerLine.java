package dev.initlab.web;

import dev.initlab.experiment.Experiment;
import dev.initlab.experiment.Run;
import dev.initlab.queue.WorkerRegistry.WorkerStatus;

/** A live worker on the home page, with the run it trains and that run's experiment (both null while it is idle). */
public record WorkerLine(WorkerStatus worker, Run run, Experiment experiment) {

    public boolean busy() {
        return run != null;
    }

    /** "zero-init · seed 0", as the experiment page names a run. */
    public String runName() {
        return run.getVariant().getName() + " · seed " + run.getSeed();
    }

    public String progressText() {
        return RunRow.progressText(run, experiment.getRecipe().epochs());
    }

    public int percentDone() {
        return RunRow.percentDone(run, experiment.getRecipe().epochs());
    }
}
