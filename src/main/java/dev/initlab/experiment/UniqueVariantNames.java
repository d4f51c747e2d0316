package dev.initlab.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** No two variants of an experiment share a name (names label the curves and the CSV). */
@Documented
@Constraint(validatedBy = UniqueVariantNames.Validator.class)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface UniqueVariantNames {

    String message() default "variant names must be unique";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<UniqueVariantNames, List<ExperimentSpec.VariantSpec>> {
        @Override
        public boolean isValid(List<ExperimentSpec.VariantSpec> variants, ConstraintValidatorContext context) {
            if (variants == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            return variants.stream().filter(Objects::nonNull).map(ExperimentSpec.VariantSpec::name)
                    .filter(Objects::nonNull).map(String::strip).allMatch(seen::add);
        }
    }
}
