package dev.initlab.comparison;

import java.util.List;
import java.util.UUID;

import dev.initlab.experiment.ExperimentMetrics;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.Variant;
import org.springframework.stereotype.Service;

/** What the seeds of an experiment say, for the API and the pages alike. */
@Service
public class ExperimentComparisons {

    private final ExperimentService experiments;

    ExperimentComparisons(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /**
     * Every variant against {@code baseline} (the first variant when null), with the tests at
     * {@code atEpoch} too when it is not null.
     *
     * @throws UnknownBaselineException when {@code baseline} names no variant of the experiment
     */
    public ComparisonView compare(UUID experimentId, String baseline, Integer atEpoch) {
        ExperimentMetrics metrics = experiments.experimentMetrics(experimentId);
        List<Variant> variants = metrics.details().experiment().getVariants();
        String chosen = baseline != null ? baseline : variants.get(0).getName();
        if (variants.stream().noneMatch(variant -> variant.getName().equals(chosen))) {
            throw new UnknownBaselineException(chosen);
        }
        return ComparisonView.of(metrics, chosen, atEpoch);
    }

    /** A baseline that is not one of the experiment's variants. */
    public static class UnknownBaselineException extends RuntimeException {
        UnknownBaselineException(String baseline) {
            super("is not a variant of this experiment: " + baseline);
        }
    }
}
