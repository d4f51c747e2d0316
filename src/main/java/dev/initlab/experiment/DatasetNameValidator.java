package dev.initlab.experiment;

import java.util.Optional;

import dev.initlab.training.data.DatasetCatalog;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Refuses what the dataset catalog would refuse, with the catalog's reason as the message. */
class DatasetNameValidator implements ConstraintValidator<DatasetName, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || value.isBlank()) {
            return true;
        }
        Optional<String> problem = DatasetCatalog.problemWithName(value);
        problem.ifPresent(reason -> {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(reason.replace("{", "\\{").replace("$", "\\$"))
                    .addConstraintViolation();
        });
        return problem.isEmpty();
    }
}
