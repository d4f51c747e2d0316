package dev.initlab.training;

import ai.djl.Device;
import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.HostBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerTest {

    @Test
    void arraysAttachedToTheModelsManagerDoNotGrowAcrossSteps() {
        PatternDataset data = PatternDataset.create(2, 16, 8, 16, 2);
        RunConfig config = new RunConfig(1, 8, 1e-3, 0.01, HeadType.FASTAI, 0f, 1);
        HostBatch batch;
        try (BatchStream batches = data.train().batches(8, true, 1, 0)) {
            batch = batches.next();
        }
        try (Learner learner = new Learner(config, 2, Device.cpu())) {
            learner.trainBatch(batch, 0, 1e-3, 0.9);
            learner.evaluate(batch);
            int afterFirstStep = learner.manager().getManagedArrays().size();

            for (int step = 0; step < 5; step++) {
                learner.trainBatch(batch, step + 1, 1e-3, 0.9);
                learner.evaluate(batch);
            }

            assertThat(learner.manager().getManagedArrays()).hasSize(afterFirstStep);
        }
    }
}
