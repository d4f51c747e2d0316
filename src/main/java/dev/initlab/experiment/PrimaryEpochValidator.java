package dev.initlab.experiment;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

class PrimaryEpochValidator implements ConstraintValidator<PrimaryEpochInRange, ExperimentSpec> {

    @Override
    public boolean isValid(ExperimentSpec spec, ConstraintValidatorContext context) {
        int epochs = spec.epochs() != null ? spec.epochs() : Recipe.DEFAULT_EPOCHS;
        if (spec.primaryEpoch() == null || spec.primaryEpoch() < epochs) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(String.format("must be an epoch of the recipe: 0 to %d "
                        + "(epochs count from 0; %d epochs)", epochs - 1, epochs))
                .addPropertyNode("primaryEpoch").addConstraintViolation();
        return false;
    }
}
