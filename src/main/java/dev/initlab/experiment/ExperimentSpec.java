package dev.initlab.experiment;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.UniqueElements;

/**
 * What a user asks for, in the form or as JSON. Only {@code dataset} and {@code variants} are
 * required; a field left out (or null) takes the recipe's default. Seven override fastai's Adam and
 * one-cycle numbers ({@link dev.initlab.training.OptimizerSettings}); the last three say how the runs
 * are judged and whether more seeds follow ({@link Analysis}).
 */
@TrainableBatch
@PrimaryEpochInRange
@SeedsWithinStopping
public record ExperimentSpec(
        @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String name,
        @NotBlank @Size(max = 300) @DatasetName
        String dataset,
        @Min(16) @Max(1024)
        Integer imageSize,
        @Min(1) @Max(1000)
        Integer epochs,
        @Min(1) @Max(4096)
        Integer batchSize,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("10")
        Double lrMax,
        @DecimalMin("0") @DecimalMax("1")
        Double weightDecay,
        @Pattern(regexp = "fastai|linear", message = "must be fastai or linear")
        String head,
        @Positive
        Integer trainLimit,
        @Positive
        Integer validLimit,
        @Pattern(regexp = DeviceNames.REQUESTABLE, message = "must be auto, cpu, gpu or gpuN")
        String device,
        @NotNull @Size(min = 1, max = 20) @UniqueVariantNames
        List<@NotNull @Valid VariantSpec> variants,
        @Size(min = 1, max = 50) @UniqueElements
        List<@NotNull @Min(0) @Max(Integer.MAX_VALUE) Long> seeds,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double adamBeta2,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        Double adamEps,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double momentumHigh,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double momentumLow,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double pctStart,
        @DecimalMin("1") @DecimalMax("1e6")
        Double divFactor,
        @DecimalMin("1") @DecimalMax("1e9")
        Double finalDivFactor,
        @Min(0)
        Integer primaryEpoch,
        @DecimalMin(value = "0", inclusive = false, message = "must be more than 0")
        @DecimalMax(value = "1", message = "must be at most 1 (a fraction of accuracy: 0.01 is one point)")
        Double smallestDifference,
        @Valid
        StoppingSpec stopping) {

    public static final List<Long> DEFAULT_SEEDS = List.of(0L);

    public record VariantSpec(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String name,
            @NotNull @DecimalMin("0") @DecimalMax("2")
            Double bn2Gamma) {
    }

    /**
     * Run until decided: the anytime-valid paired t-test after every {@code seedsPerStep} seeds, up to
     * {@code maxSeeds}; absent, the fixed design. Fields left out take {@link Stopping}'s defaults.
     */
    public record StoppingSpec(
            @NotNull @Pattern(regexp = Stopping.ANYTIME, message = "must be anytime")
            String rule,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("0.5")
            Double alpha,
            @Min(2) @Max(1000)
            Integer maxSeeds,
            @Min(1) @Max(50)
            Integer seedsPerStep,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
            Double g) {
    }

    public List<Long> seedsOrDefault() {
        return seeds != null ? seeds : DEFAULT_SEEDS;
    }
}
