package dev.initlab.queue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import dev.initlab.experiment.Recipe;
import dev.initlab.training.EpochResult;
import dev.initlab.training.HeadType;
import dev.initlab.training.RunConfig;
import dev.initlab.training.RunTrainer;
import dev.initlab.training.TrainingListener;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.DatasetRequest;
import dev.initlab.training.data.PreparationMonitor;
import dev.initlab.training.data.PreparedDataset;
import org.springframework.stereotype.Component;

/** Trains one claimed run on one device: prepares its data, then trains it from the start or from its checkpoint. */
@Component
class RunExecutor {

    private final DatasetCatalog datasets;
    private final CheckpointStore checkpoints;

    RunExecutor(DatasetCatalog datasets, CheckpointStore checkpoints) {
        this.datasets = datasets;
        this.checkpoints = checkpoints;
    }

    <L extends TrainingListener & PreparationMonitor> List<EpochResult> train(ClaimedRun run, WorkerDevice device,
                                                                                L listener) throws IOException {
        Recipe recipe = run.recipe();
        PreparedDataset data = datasets.prepare(
                new DatasetRequest(recipe.dataset(), recipe.imageSize(), recipe.trainLimit(), recipe.validLimit()),
                listener);
        RunConfig config = new RunConfig(recipe.epochs(), recipe.batchSize(), recipe.lrMax(), recipe.weightDecay(),
                HeadType.valueOf(recipe.head().toUpperCase(Locale.ROOT)), (float) run.bn2Gamma(), run.seed(),
                recipe.optimizer());
        if (run.resumeFrom() == null) {
            return RunTrainer.train(config, data, djlDevice(device), listener);
        }
        try (InputStream checkpoint = checkpoints.open(run.id())) {
            return RunTrainer.resume(config, data, djlDevice(device), listener, checkpoint);
        }
    }

    private static Device djlDevice(WorkerDevice device) {
        return device.kind().equals("cpu") ? Device.cpu() : Device.gpu(device.gpuIndex());
    }
}
