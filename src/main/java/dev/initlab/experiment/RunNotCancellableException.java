package dev.initlab.experiment;

/** Cancel asked of a run that has already finished. */
public class RunNotCancellableException extends RuntimeException {

    public RunNotCancellableException(Run run) {
        super("Run " + run.getId() + " is already " + run.getStatus() + " and cannot be cancelled");
    }
}
