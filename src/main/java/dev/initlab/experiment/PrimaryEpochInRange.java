package dev.initlab.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A spec's {@code primaryEpoch} is one of the epochs it trains (0-based). Reported on {@code primaryEpoch}. */
@Documented
@Constraint(validatedBy = PrimaryEpochValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface PrimaryEpochInRange {

    String message() default "the primary epoch is not an epoch of the recipe";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
