package dev.initlab.api;

import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.queue.TimeEstimator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "estimates", description = "How long an experiment would take, before it is submitted")
class EstimateController {

    private final TimeEstimator estimator;

    EstimateController(TimeEstimator estimator) {
        this.estimator = estimator;
    }

    @PostMapping("/api/estimates")
    @Operation(summary = "How long a spec would take from submitting until its last run ends, without queuing it",
            description = "Takes the same spec as POST /api/experiments, validated the same way. The estimate rests"
                    + " on finished runs of this deployment on the same device kind with the same head: their"
                    + " seconds per image at the same image size, or scaled by pixels from the nearest size; the"
                    + " runs training and queued ahead; and the live workers that take the runs.")
    EstimateView estimate(@Valid @RequestBody ExperimentSpec spec) {
        return EstimateView.of(estimator.estimate(spec));
    }
}
