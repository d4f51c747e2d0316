package dev.initlab.training;

/** A run stopped because its listener asked it to. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(int epoch, int batch) {
        super("cancelled at epoch " + epoch + ", batch " + batch);
    }
}
