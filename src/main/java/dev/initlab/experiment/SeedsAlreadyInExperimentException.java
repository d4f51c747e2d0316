package dev.initlab.experiment;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Seeds asked to be added that the experiment already has: each variant has at most one run per seed. */
public class SeedsAlreadyInExperimentException extends RuntimeException {

    private final List<Long> seeds;

    SeedsAlreadyInExperimentException(UUID experimentId, List<Long> seeds) {
        super((seeds.size() == 1 ? "Seed " : "Seeds ") + seeds.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + (seeds.size() == 1 ? " is" : " are")
                + " already in experiment " + experimentId + "; each variant has one run per seed, so add other seeds"
                + " (or ask for a count, which picks seeds the experiment does not have).");
        this.seeds = List.copyOf(seeds);
    }

    /** The seeds the experiment already has, in the order they were asked for. */
    public List<Long> seeds() {
        return seeds;
    }
}
