package dev.initlab.training;

import ai.djl.Device;
import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.PreparedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerTest {

    @Test
    void arraysAttachedToTheModelsManagerDoNotGrowAcrossSteps(@TempDir Path dataRoot) throws IOException {
        PreparedDataset data = new DatasetCatalog(dataRoot).prepare(new DatasetRequest("synthetic", 16, 16, 8));
        RunConfig config = new RunConfig(1, 8, 1e-3, 0.01, HeadType.FASTAI, 0f, 1);
        HostBatch batch;
        try (BatchStream batches = data.train().batches(8, true, 1, 0)) {
            batch = batches.next();
        }
        try (Learner learner = new Learner(config, data.classNames().size(), Device.cpu())) {
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
