package dev.initlab.training;

/** A run that cannot go on, with a reason a user can read (for example a loss that became NaN). */
public class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String reason) {
        super(reason);
    }

    public TrainingFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
