package dev.initlab.web;

import java.util.List;
import java.util.UUID;

import dev.initlab.experiment.ExperimentService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Several experiments' mean curves on one chart, e.g. the 5-epoch and the 20-epoch runs of a question. */
@Controller
class ComparePage {

    private static final int MOST = 10;

    private final ExperimentService experiments;

    ComparePage(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GetMapping("/compare")
    String compare(@RequestParam List<UUID> experiments, Model model) {
        List<UUID> chosen = experiments.stream().distinct().limit(MOST).toList();
        model.addAttribute("experiments", chosen.stream()
                .map(id -> this.experiments.details(id).experiment()).toList());
        return "experiments/compare";
    }
}
