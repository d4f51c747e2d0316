package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.ImageSplit;
import dev.initlab.training.data.PreparedDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code fit_one_cycle} for one run: a fresh ResNet18 variant, the one-cycle schedule set
 * before every training batch, the whole validation set after every epoch.
 *
 * <p>One run at a time per JVM: DJL's PyTorch engine allows a single open gradient collector in the
 * whole process (a second one throws "A PtGradientCollector is already collecting"), and dropout
 * draws from torch's one global generator, so overlapping runs would also lose their reproducibility.
 */
public final class RunTrainer {

    private static final Logger log = LoggerFactory.getLogger(RunTrainer.class);

    private RunTrainer() {
    }

    /**
     * Trains on {@code device} and returns one line per epoch, also handed to {@code listener}.
     *
     * @throws TrainingCancelledException at the first batch after the listener asked to stop
     * @throws TrainingFailedException    when the loss stops being finite or the data cannot be used
     */
    public static List<EpochMetrics> train(RunConfig config, PreparedDataset dataset, Device device,
                                           TrainingListener listener) {
        if (config.epochs() < 1 || config.batchSize() < 2) {
            // BatchNorm cannot train on a batch of one image
            throw new TrainingFailedException("a run needs at least 1 epoch and batches of at least 2 images, got "
                    + config.epochs() + " epochs of batch size " + config.batchSize());
        }
        ImageSplit train = dataset.train();
        ImageSplit valid = dataset.valid();
        int batchesPerEpoch = train.size() / config.batchSize();
        if (batchesPerEpoch == 0) {
            throw new TrainingFailedException("the training split of " + dataset.name() + " has " + train.size()
                    + " images, fewer than one batch of " + config.batchSize());
        }
        if (valid.size() == 0) {
            throw new TrainingFailedException("the validation split of " + dataset.name() + " is empty");
        }
        OneCycleSchedule schedule = new OneCycleSchedule(config.lrMax(), (long) config.epochs() * batchesPerEpoch);
        // dropout draws from torch's generator; the weights come from the seed in Java
        Engine.getEngine(Learner.ENGINE).setRandomSeed(Long.hashCode(config.seed()));
        List<EpochMetrics> history = new ArrayList<>();
        try (Learner learner = new Learner(config, dataset.classNames().size(), device)) {
            SmoothedLoss smoothedLoss = new SmoothedLoss();
            long batchesDone = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                long start = System.nanoTime();
                double lossSum = 0;
                int batch = 0;
                try (BatchStream batches = train.batches(config.batchSize(), true, config.seed(), epoch)) {
                    while (batches.hasNext()) {
                        stopIfCancelled(listener, epoch, batch);
                        HostBatch hostBatch = batches.next();
                        double lr = schedule.learningRate(batchesDone);
                        float loss = learner.trainBatch(hostBatch, lr, schedule.momentum(batchesDone));
                        if (!Float.isFinite(loss)) {
                            throw new TrainingFailedException(String.format(
                                    "training loss became %s at epoch %d, batch %d of %d (lr %.3g); "
                                            + "try a lower lrMax", loss, epoch, batch + 1, batches.batchCount(), lr));
                        }
                        smoothedLoss.add(loss);
                        lossSum += loss;
                        batch++;
                        batchesDone++;
                        // images per second over this epoch so far
                        double seconds = (System.nanoTime() - start) / 1e9;
                        listener.onBatch(new BatchProgress(epoch, batch, batches.batchCount(),
                                (double) batch * config.batchSize() / seconds));
                    }
                }
                double validLoss = 0;
                long correct = 0;
                try (BatchStream batches = valid.batches(config.batchSize(), false, config.seed(), epoch)) {
                    while (batches.hasNext()) {
                        stopIfCancelled(listener, epoch, batch);
                        Learner.Evaluation evaluation = learner.evaluate(batches.next());
                        validLoss += evaluation.lossSum();
                        correct += evaluation.correct();
                    }
                }
                EpochMetrics metrics = new EpochMetrics(epoch, smoothedLoss.value(), lossSum / batch,
                        validLoss / valid.size(), (double) correct / valid.size(), (System.nanoTime() - start) / 1e9);
                log.info("epoch {} | train_loss {} | valid_loss {} | accuracy {} | time {} s", epoch,
                        metrics.trainLoss(), metrics.validLoss(), metrics.accuracy(), metrics.seconds());
                history.add(metrics);
                listener.onEpoch(metrics);
            }
        }
        return history;
    }

    private static void stopIfCancelled(TrainingListener listener, int epoch, int batch) {
        if (listener.cancelRequested()) {
            throw new TrainingCancelledException(epoch, batch);
        }
    }
}
