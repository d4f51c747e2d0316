package dev.initlab.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A spec's batch fits a worker: its pixels fit one Java array, and training it fits the memory a
 * worker has for one run. Reported on {@code batchSize} and {@code imageSize}.
 */
@Documented
@Constraint(validatedBy = TrainableBatchValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TrainableBatch {

    String message() default "the batch does not fit a worker";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
