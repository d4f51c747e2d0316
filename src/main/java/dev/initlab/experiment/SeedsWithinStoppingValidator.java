package dev.initlab.experiment;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

class SeedsWithinStoppingValidator implements ConstraintValidator<SeedsWithinStopping, ExperimentSpec> {

    @Override
    public boolean isValid(ExperimentSpec spec, ConstraintValidatorContext context) {
        if (spec.stopping() == null) {
            return true;
        }
        int seeds = spec.seedsOrDefault().size();
        int maxSeeds = Stopping.of(spec.stopping()).maxSeeds();
        String problem = seeds < 2 ? "a sequential experiment starts with at least 2 seeds, the first pairs"
                : seeds > maxSeeds ? String.format("a sequential experiment starts with at most stopping.maxSeeds "
                + "(%d) seeds, got %d", maxSeeds, seeds) : null;
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addPropertyNode("seeds").addConstraintViolation();
        return false;
    }
}
