package dev.initlab.experiment;

import java.util.Optional;

import dev.initlab.training.data.BatchSize;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import static dev.initlab.experiment.RunMemory.gigabytes;

/**
 * Refuses a batch no worker could train, before any run is queued. Training memory is estimated from
 * a measurement: ResNet18 with fastai's head, at batch 64, needs about 1.5 KB per image pixel for its
 * activations and their gradients (RSS at 128 px minus RSS at 32 px on the CPU; on an H200, 1,490 MiB
 * for one run at 128 px, the same per pixel). It is held against the smallest share per run of the
 * devices that would take the spec ({@link RunMemory}), which the refusal names.
 */
class TrainableBatchValidator implements ConstraintValidator<TrainableBatch, ExperimentSpec> {

    static final long BYTES_PER_IMAGE_PIXEL = 1_500;

    private final RunMemory memory;

    TrainableBatchValidator(RunMemory memory) {
        this.memory = memory;
    }

    @Override
    public boolean isValid(ExperimentSpec spec, ConstraintValidatorContext context) {
        int batchSize = spec.batchSize() != null ? spec.batchSize() : Recipe.DEFAULT_BATCH_SIZE;
        int imageSize = spec.imageSize() != null ? spec.imageSize() : Recipe.DEFAULT_IMAGE_SIZE;
        String device = spec.device() != null ? spec.device() : Recipe.DEFAULT_DEVICE;
        Optional<String> problem = BatchSize.problemWith(batchSize, imageSize)
                .or(() -> memory.shareFor(device).flatMap(share -> tooBigToTrain(batchSize, imageSize, share)));
        problem.ifPresent(reason -> {
            context.disableDefaultConstraintViolation();
            String template = reason.replace("{", "\\{").replace("$", "\\$");
            context.buildConstraintViolationWithTemplate(template).addPropertyNode("batchSize").addConstraintViolation();
            context.buildConstraintViolationWithTemplate(template).addPropertyNode("imageSize").addConstraintViolation();
        });
        return problem.isEmpty();
    }

    static Optional<String> tooBigToTrain(int batchSize, int imageSize, RunMemory.Share share) {
        long needed = BatchSize.batchFloats(batchSize, imageSize) / 3 * BYTES_PER_IMAGE_PIXEL;
        if (needed <= share.bytes()) {
            return Optional.empty();
        }
        return Optional.of(String.format("a batch of %d images at %d px needs about %s to train (about %,d bytes per "
                        + "image pixel); %s: use a smaller batch or image size", batchSize, imageSize, gigabytes(needed),
                BYTES_PER_IMAGE_PIXEL, share.source()));
    }
}
