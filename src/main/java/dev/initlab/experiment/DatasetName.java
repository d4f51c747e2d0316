package dev.initlab.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A dataset InitLab knows, or {@code folder:<path>} relative to the data root and inside it. */
@Documented
@Constraint(validatedBy = DatasetNameValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface DatasetName {

    String message() default "must be one of synthetic, fashion-mnist, imagenette2-160, imagenette2-320, imagenette2"
            + " or folder:<path inside the data root>";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
