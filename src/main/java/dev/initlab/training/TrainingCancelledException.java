package dev.initlab.training;

import java.util.concurrent.CancellationException;

/** A run stopped because its listener asked it to. */
public class TrainingCancelledException extends CancellationException {

    public TrainingCancelledException(int epoch, int batch) {
        super("cancelled at epoch " + epoch + ", batch " + batch);
    }
}
