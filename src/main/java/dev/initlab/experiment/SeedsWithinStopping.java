package dev.initlab.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A sequential spec starts with at least 2 seeds and no more than its {@code maxSeeds}. Reported on {@code seeds}. */
@Documented
@Constraint(validatedBy = SeedsWithinStoppingValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SeedsWithinStopping {

    String message() default "the seeds do not fit the stopping rule";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
