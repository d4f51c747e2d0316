package dev.initlab.web;

import java.util.Set;

import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.Preset;
import dev.initlab.limits.LimitExceededException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The new-experiment form: presets, variants added and removed, errors beside their fields, and a limit that
 * refuses the whole experiment (a full queue) at the top of the form.
 */
@Controller
@RequestMapping("/experiments/new")
class ExperimentFormController {

    private static final String VIEW = "experiments/new";

    private final ExperimentService experiments;
    private final Validator validator;

    ExperimentFormController(ExperimentService experiments, Validator validator) {
        this.experiments = experiments;
        this.validator = validator;
    }

    @GetMapping
    String form(@RequestParam(required = false) String preset, Model model) {
        model.addAttribute("form", Preset.byKey(preset)
                .map(chosen -> ExperimentForm.of(chosen.spec()))
                .orElseGet(ExperimentForm::new));
        model.addAttribute("presets", Preset.values());
        return VIEW;
    }

    @PostMapping(params = "addVariant")
    String addVariant(@ModelAttribute("form") ExperimentForm form, BindingResult ignored, Model model) {
        form.getVariants().add(new ExperimentForm.VariantRow());
        model.addAttribute("presets", Preset.values());
        return VIEW;
    }

    @PostMapping(params = "removeVariant")
    String removeVariant(@ModelAttribute("form") ExperimentForm form, BindingResult ignored,
                         @RequestParam int removeVariant, Model model) {
        if (removeVariant >= 0 && removeVariant < form.getVariants().size()) {
            form.getVariants().remove(removeVariant);
        }
        model.addAttribute("presets", Preset.values());
        return VIEW;
    }

    @PostMapping
    String create(@ModelAttribute("form") ExperimentForm form, BindingResult result, Model model) {
        if (form.seedListProblem() != null) {
            result.rejectValue("seedList", "seeds", form.seedListProblem());
        }
        ExperimentSpec spec = form.toSpec();
        Set<ConstraintViolation<ExperimentSpec>> violations = validator.validate(spec);
        for (ConstraintViolation<ExperimentSpec> violation : violations) {
            String field = formField(violation.getPropertyPath().toString(), form);
            if (!result.hasFieldErrors(field)) {
                result.rejectValue(field, "invalid", violation.getMessage());
            }
        }
        if (result.hasErrors()) {
            return formWithErrors(model);
        }
        try {
            ExperimentDetails created = experiments.create(spec);
            return "redirect:/experiments/" + created.experiment().getId();
        } catch (LimitExceededException refused) {
            refused.fieldProblem().ifPresentOrElse(
                    problem -> result.rejectValue(formField(problem.field(), form), "limit", problem.message()),
                    () -> result.reject("limit", refused.reason()));
            return formWithErrors(model);
        }
    }

    private static String formWithErrors(Model model) {
        model.addAttribute("presets", Preset.values());
        return VIEW;
    }

    /** The spec's property path as the form names it (seeds are typed as a list or a count, the difference in points). */
    static String formField(String specPath, ExperimentForm form) {
        if (specPath.startsWith("seeds")) {
            return form.getSeedList() != null && !form.getSeedList().isBlank() ? "seedList" : "seedCount";
        }
        return switch (specPath) {
            case "smallestDifference" -> "smallestDifferencePoints";
            case "stopping.maxSeeds", "stopping.seedsPerStep" -> specPath.substring("stopping.".length());
            case "stopping.alpha" -> "stoppingAlpha";
            default -> specPath.replaceAll("\\.<list element>$", "");
        };
    }
}
