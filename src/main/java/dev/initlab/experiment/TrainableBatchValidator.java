package dev.initlab.experiment;

import java.lang.management.ManagementFactory;
import java.util.Optional;

import dev.initlab.training.data.BatchSize;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;

/**
 * Refuses a batch no worker could train, before any run is queued. Training memory is estimated from
 * a measurement: ResNet18 with fastai's head, at batch 64, needs about 1.5 KB per image pixel for its
 * activations and their gradients (RSS at 128 px minus RSS at 32 px). A worker's share is
 * {@code initlab.worker.memory-per-run}, by default 80 % of this machine's memory divided by the runs
 * that train at once on one device: the limit of the instance that takes the request, which is
 * assumed to be like the instances that train.
 */
class TrainableBatchValidator implements ConstraintValidator<TrainableBatch, ExperimentSpec> {

    static final long BYTES_PER_IMAGE_PIXEL = 1_500;

    private final long memoryPerRun;

    TrainableBatchValidator(@Value("${initlab.worker.memory-per-run:}") DataSize configured,
                            @Value("${initlab.worker.runs-per-device:1}") int runsPerDevice) {
        this.memoryPerRun = configured != null ? configured.toBytes() : physicalMemory() * 4 / 5 / runsPerDevice;
    }

    @Override
    public boolean isValid(ExperimentSpec spec, ConstraintValidatorContext context) {
        int batchSize = spec.batchSize() != null ? spec.batchSize() : Recipe.DEFAULT_BATCH_SIZE;
        int imageSize = spec.imageSize() != null ? spec.imageSize() : Recipe.DEFAULT_IMAGE_SIZE;
        Optional<String> problem = BatchSize.problemWith(batchSize, imageSize).or(() -> tooBigToTrain(batchSize, imageSize));
        problem.ifPresent(reason -> {
            context.disableDefaultConstraintViolation();
            String template = reason.replace("{", "\\{").replace("$", "\\$");
            context.buildConstraintViolationWithTemplate(template).addPropertyNode("batchSize").addConstraintViolation();
            context.buildConstraintViolationWithTemplate(template).addPropertyNode("imageSize").addConstraintViolation();
        });
        return problem.isEmpty();
    }

    private Optional<String> tooBigToTrain(int batchSize, int imageSize) {
        long needed = BatchSize.batchFloats(batchSize, imageSize) / 3 * BYTES_PER_IMAGE_PIXEL;
        if (needed <= memoryPerRun) {
            return Optional.empty();
        }
        return Optional.of(String.format("a batch of %d images at %d px needs about %s to train (about %,d bytes per "
                        + "image pixel); a worker has %s per run (initlab.worker.memory-per-run): use a smaller batch "
                        + "or image size", batchSize, imageSize, gigabytes(needed), BYTES_PER_IMAGE_PIXEL,
                gigabytes(memoryPerRun)));
    }

    private static String gigabytes(long bytes) {
        return String.format("%.1f GB", bytes / 1e9);
    }

    private static long physicalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }
}
