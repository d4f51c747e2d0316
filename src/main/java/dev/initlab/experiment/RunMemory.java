package dev.initlab.experiment;

import java.util.Optional;

/**
 * The memory one run may use on this instance's devices: on the CPU a share of the machine's memory,
 * on a GPU a share of the card's. The instance that takes a request is assumed to be like those that train.
 */
public interface RunMemory {

    /** A run's share of one device's memory, and a sentence that says whose and where it comes from. */
    record Share(long bytes, String source) {
    }

    /** The smallest share among this instance's devices that take {@code requestedDevice}; empty if none does. */
    Optional<Share> shareFor(String requestedDevice);

    static String gigabytes(long bytes) {
        return String.format("%.1f GB", bytes / 1e9);
    }
}
