package dev.initlab.api;

import java.util.Arrays;
import java.util.List;

import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.Preset;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "presets", description = "Ready-made experiments")
class PresetController {

    /** A preset: its key (as in {@code /experiments/new?preset=key}), what it is, and the spec to POST. */
    record PresetView(String key, String title, String description, ExperimentSpec spec) {
    }

    @GetMapping("/api/presets")
    @Operation(summary = "The form's presets as specs, ready for POST /api/experiments")
    List<PresetView> presets() {
        return Arrays.stream(Preset.values())
                .map(preset -> new PresetView(preset.getKey(), preset.getTitle(), preset.getDescription(), preset.spec()))
                .toList();
    }
}
