package dev.initlab.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.UniqueElements;

/**
 * Seeds to add to a stored experiment, in the page's form or as JSON: either {@code count}, the next that many
 * unused seeds (the smallest non-negative integers the experiment does not have yet), or {@code seeds}, the
 * seeds themselves; exactly one of the two.
 */
@SeedsToAdd.CountOrSeeds
public record SeedsToAdd(
        @Min(1) @Max(MAX_SEEDS)
        Integer count,
        @Size(min = 1, max = MAX_SEEDS) @UniqueElements
        List<@NotNull @Min(0) @Max(Integer.MAX_VALUE) Long> seeds) {

    /** The most seeds one request adds, as many as a new experiment may list. */
    public static final int MAX_SEEDS = 50;

    /** Exactly one of {@code count} and {@code seeds}; reported on the one to leave out, or on {@code count}. */
    @Documented
    @Constraint(validatedBy = CountOrSeeds.Validator.class)
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface CountOrSeeds {

        String message() default "give exactly one of count and seeds";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<CountOrSeeds, SeedsToAdd> {
            @Override
            public boolean isValid(SeedsToAdd request, ConstraintValidatorContext context) {
                if (request == null || (request.count() == null) != (request.seeds() == null)) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                if (request.count() == null) {
                    context.buildConstraintViolationWithTemplate("is required when seeds is not given")
                            .addPropertyNode("count").addConstraintViolation();
                } else {
                    context.buildConstraintViolationWithTemplate("must not be given together with count")
                            .addPropertyNode("seeds").addConstraintViolation();
                }
                return false;
            }
        }
    }
}
