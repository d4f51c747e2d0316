package dev.initlab.experiment;

import java.util.UUID;

/** Asked for an experiment or run that does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, UUID id) {
        super("No " + kind + " with id " + id);
    }
}
