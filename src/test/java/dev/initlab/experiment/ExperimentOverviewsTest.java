package dev.initlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;

class ExperimentOverviewsTest extends IntegrationTest {

    @Autowired
    private ExperimentOverviews overviews;

    @Test
    void eachVariantsMeanIsOverTheSeedsThatReachedTheEpochAndANewEpochCounts() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 2, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1]}"""));
        UUID id = UUID.fromString(experiment.get("id").asString());
        Map<String, String> runs = new HashMap<>();
        experiment.get("runs").forEach(run -> runs.put(run.get("variant").asString() + " " + run.get("seed").asInt(),
                run.get("id").asString()));
        storeEpoch(runs.get("zero-init 0"), 0, 0.5);
        storeEpoch(runs.get("zero-init 0"), 1, 0.7);
        storeEpoch(runs.get("zero-init 1"), 0, 0.6);
        storeEpoch(runs.get("one-init 0"), 0, 0.8);

        ExperimentOverviews.Overview before = overviewOf(id);
        storeEpoch(runs.get("zero-init 1"), 1, 0.9);
        ExperimentOverviews.Overview after = overviewOf(id);

        assertThat(before.statusCounts()).containsExactly(Map.entry(RunStatus.QUEUED, 4L));
        assertThat(before.meanAccuracy().get("zero-init").get(0)).isCloseTo(0.55, within(1e-12));
        assertThat(before.meanAccuracy().get("zero-init").get(1)).isCloseTo(0.7, within(1e-12));
        assertThat(before.meanAccuracy().get("one-init")).containsOnlyKeys(0);
        assertThat(after.meanAccuracy().get("zero-init").get(1)).as("the new epoch is in the mean")
                .isCloseTo(0.8, within(1e-12));
    }

    private ExperimentOverviews.Overview overviewOf(UUID id) {
        return overviews.page(PageRequest.of(0, 100)).stream()
                .filter(overview -> overview.experiment().getId().equals(id)).findFirst().orElseThrow();
    }

}
