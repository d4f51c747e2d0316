package dev.initlab.training;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A run's exact state between two batches, offered to a {@link TrainingListener}: written to a
 * stream and handed to {@link RunTrainer#resume}, it continues the run as if it had never stopped.
 * Valid only during the listener call that receives it.
 */
public interface Checkpoint {

    /** The epoch the run continues in. */
    int epoch();

    /** Training batches of {@link #epoch()} already done (the epoch's batch count once only validation is left). */
    int batch();

    void writeTo(OutputStream out) throws IOException;
}
