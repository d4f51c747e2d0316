package dev.initlab.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.initlab.training.HeadType;
import dev.initlab.training.model.LayerSummary;
import dev.initlab.training.model.ModelSummary;
import dev.initlab.training.model.ResNet18;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "models", description = "The network InitLab trains")
class ModelController {

    private static final int CACHED_SUMMARIES = 32;

    /**
     * Building a ResNet18 to measure it takes a second and up to 50 MB of native memory, and the answer never
     * changes: the latest summaries are kept, and one is built at a time, so requests cannot pile models up.
     */
    private final Map<String, ModelView> summaries = new LinkedHashMap<>(CACHED_SUMMARIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ModelView> eldest) {
            return size() > CACHED_SUMMARIES;
        }
    };

    /** ResNet18's layer table: name, type, output shape for one image, trainable parameters. */
    record ModelView(String architecture, String head, int classes, int imageSize, long trainableParameters,
                     List<LayerSummary> layers) {
    }

    @GetMapping("/api/models/resnet18")
    @Operation(summary = "ResNet18 with the given head: layers, output shapes and trainable parameter count")
    ModelView resnet18(@RequestParam(defaultValue = "10") @Min(1) @Max(1000) int classes,
                       @RequestParam(defaultValue = "fastai") @Pattern(regexp = "fastai|linear",
                               message = "must be fastai or linear") String head,
                       @RequestParam(defaultValue = "224") @Min(32) @Max(1024) int imageSize) {
        synchronized (summaries) {
            return summaries.computeIfAbsent(head + "/" + classes + "/" + imageSize, key -> {
                ModelSummary summary = ResNet18.summarize(HeadType.valueOf(head.toUpperCase(Locale.ROOT)), classes,
                        imageSize);
                return new ModelView(summary.architecture(), head, summary.classes(), summary.imageSize(),
                        summary.trainableParameters(), summary.layers());
            });
        }
    }
}
