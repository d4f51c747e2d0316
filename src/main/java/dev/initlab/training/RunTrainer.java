package dev.initlab.training;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import dev.initlab.training.data.BatchStream;
import dev.initlab.training.data.HostBatch;
import dev.initlab.training.data.ImageSplit;
import dev.initlab.training.data.PreparedDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * fastai's {@code fit_one_cycle} for one run: a fresh ResNet18 variant, the one-cycle schedule set
 * before every training batch, the whole validation set after every epoch.
 *
 * <p>Everything random in a run comes from its seed in Java (weights, data order, crops, dropout
 * masks), so runs may train side by side on separate platform threads, and a run continued from a
 * {@link Checkpoint} gives the same numbers as one that never stopped.
 */
public final class RunTrainer {

    private static final int VALIDATION_BATCH_PIXELS = 1 << 18;

    private static final Logger log = LoggerFactory.getLogger(RunTrainer.class);
    private static final int CHECKPOINT_MAGIC = 0x494C_434B;
    /** 2: the whole checkpoint deflated; a version-1 checkpoint is unusable, and its run trains again. */
    private static final int CHECKPOINT_VERSION = 2;

    private RunTrainer() {
    }

    /**
     * Trains on {@code device} and returns one line per epoch, also handed to {@code listener}.
     *
     * @throws TrainingCancelledException at the first batch after the listener asked to stop
     * @throws TrainingFailedException    when the loss stops being finite, the data cannot be used or a
     *                                    batch does not fit in the device's memory
     */
    public static List<EpochResult> train(RunConfig config, PreparedDataset dataset, Device device,
                                           TrainingListener listener) {
        return fit(config, dataset, device, listener, null);
    }

    /**
     * Continues a run from a checkpoint that a listener wrote, with the same config and data; returns
     * the epochs trained from there on. A checkpoint that cannot be used (damaged, written by another
     * version of InitLab or for another run) costs the time trained, not the run: the run trains again
     * from the start, with a fresh model, and all its epochs are returned.
     */
    public static List<EpochResult> resume(RunConfig config, PreparedDataset dataset, Device device,
                                            TrainingListener listener, InputStream checkpoint) {
        try {
            return fit(config, dataset, device, listener, checkpoint);
        } catch (UnusableCheckpointException e) {
            log.warn("Cannot resume from the checkpoint ({}); training again from the start", e.getMessage());
            return fit(config, dataset, device, listener, null);
        }
    }

    /** Thrown before any batch is trained, so that the model it half-read is closed and never trained on. */
    private static final class UnusableCheckpointException extends RuntimeException {

        UnusableCheckpointException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static List<EpochResult> fit(RunConfig config, PreparedDataset dataset, Device device,
                                          TrainingListener listener, InputStream checkpoint) {
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
        OneCycleSchedule schedule = new OneCycleSchedule(config.lrMax(), (long) config.epochs() * batchesPerEpoch,
                config.optimizer());
        String fingerprint = config + " on " + dataset.name() + ", " + dataset.classNames().size() + " classes, "
                + batchesPerEpoch + " batches per epoch";
        List<EpochResult> history = new ArrayList<>();
        try (Learner learner = new Learner(config, dataset.classNames().size(), device)) {
            Fit fit = checkpoint == null ? new Fit(learner, fingerprint) : Fit.read(checkpoint, learner, fingerprint);
            while (fit.epoch < config.epochs()) {
                fit.startTiming();
                // a resumed epoch goes on from its next batch; one stopped in validation makes none
                try (BatchStream batches = train.batches(config.batchSize(), true, config.seed(), fit.epoch, fit.batch)) {
                    while (fit.batch < batchesPerEpoch) {
                        stopIfCancelled(listener, fit);
                        HostBatch hostBatch = batches.next();
                        double lr = schedule.learningRate(fit.batchesDone);
                        float loss = learner.trainBatch(hostBatch, fit.batchesDone, lr, schedule.momentum(fit.batchesDone));
                        if (!Float.isFinite(loss)) {
                            throw new TrainingFailedException(String.format(
                                    "training loss became %s at epoch %d, batch %d of %d (lr %.3g); "
                                            + "try a lower lrMax", loss, fit.epoch, fit.batch + 1, batchesPerEpoch, lr));
                        }
                        fit.add(loss);
                        listener.onBatch(new BatchProgress(fit.epoch, fit.batch, batchesPerEpoch,
                                fit.batch * config.batchSize() / fit.secondsInEpoch()));
                    }
                }
                EpochResult metrics = validate(learner, valid, config, listener, fit);
                log.info("epoch {} | train_loss {} | valid_loss {} | accuracy {} | time {} s", metrics.epoch(),
                        metrics.trainLoss(), metrics.validLoss(), metrics.accuracy(), metrics.seconds());
                history.add(metrics);
                fit.nextEpoch();
                listener.onEpoch(metrics, fit);
            }
        } catch (EngineException e) {
            if (!OutOfMemory.isOutOfMemory(e)) {
                throw e;
            }
            // the learner is closed by now: its arrays are freed before the cache goes back to the card
            throw OutOfMemory.release(e, device, config, train.imageSize());
        }
        return history;
    }

    private static EpochResult validate(Learner learner, ImageSplit valid, RunConfig config,
                                         TrainingListener listener, Fit fit) {
        double validLoss = 0;
        long correct = 0;
        int done = 0;
        int batchSize = validationBatchSize(config, valid.imageSize());
        try (BatchStream batches = valid.batches(batchSize, false, config.seed(), fit.epoch)) {
            while (batches.hasNext()) {
                stopIfCancelled(listener, fit);
                Learner.Evaluation evaluation = learner.evaluate(batches.next());
                validLoss += evaluation.lossSum();
                correct += evaluation.correct();
                listener.onValidationBatch(fit.epoch, ++done, batches.batchCount());
            }
        }
        return new EpochResult(fit.epoch, fit.smoothedLoss.value(), fit.epochLossSum / fit.batch,
                validLoss / valid.size(), (double) correct / valid.size(), fit.secondsInEpoch());
    }

    /**
     * Small images are validated in larger batches, up to 4 times the training batch and 2^18 pixels a
     * batch: per-call overhead dominates small batches of small images (measured: 32 px, about 1,500
     * images/s at batch 64, 1,600 to 2,100 at 128 and 256), while large images gain nothing (64 px: 378
     * at 64, 423 at 128; 128 px: 149 at 64, 129 at 512). The bound keeps the extra memory small: a
     * batch's intermediate arrays live until it ends, and a 2^19-pixel batch at 32 px added about
     * 340 MB of RSS. A batch's images are validated alone, so its size changes the metrics by float
     * rounding at most (none showed in the Quick look's 54 numbers, printed to six decimals).
     */
    static int validationBatchSize(RunConfig config, int imageSize) {
        int pixelBound = VALIDATION_BATCH_PIXELS / (imageSize * imageSize);
        return Math.max(config.batchSize(), Math.min(4 * config.batchSize(), pixelBound));
    }

    private static void stopIfCancelled(TrainingListener listener, Fit fit) {
        if (listener.cancelRequested()) {
            listener.onStop(fit);
            throw new TrainingCancelledException(fit.epoch, fit.batch);
        }
    }

    /**
     * Where a fit stands between two batches, with the sums its current epoch has gathered; as a
     * {@link Checkpoint} it writes itself and the learner's arrays, followed by a CRC-32 of the whole.
     */
    private static final class Fit implements Checkpoint {

        private final Learner learner;
        private final String fingerprint;
        int epoch;
        int batch;
        long batchesDone;
        double epochLossSum;
        SmoothedLoss smoothedLoss = new SmoothedLoss();
        /** Seconds this epoch had run before the checkpoint it was resumed from. */
        private double secondsBefore;
        private long startNanos;

        Fit(Learner learner, String fingerprint) {
            this.learner = learner;
            this.fingerprint = fingerprint;
        }

        void startTiming() {
            startNanos = System.nanoTime();
        }

        double secondsInEpoch() {
            return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
        }

        void add(float loss) {
            smoothedLoss.add(loss);
            epochLossSum += loss;
            batch++;
            batchesDone++;
        }

        void nextEpoch() {
            epoch++;
            batch = 0;
            epochLossSum = 0;
            secondsBefore = 0;
            startTiming();
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            // deflate's fastest level takes the 134 MiB of ResNet18 to 58 % (BENCHMARKS.md, issue 21)
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try {
                DeflaterOutputStream compressed = new DeflaterOutputStream(out, deflater, 1 << 16);
                writeState(compressed);
                compressed.finish();
            } finally {
                deflater.end();
            }
        }

        private void writeState(OutputStream out) throws IOException {
            CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(out, 1 << 16), new CRC32());
            DataOutputStream data = new DataOutputStream(checked);
            data.writeInt(CHECKPOINT_MAGIC);
            data.writeInt(CHECKPOINT_VERSION);
            data.writeUTF(fingerprint);
            data.writeInt(epoch);
            data.writeInt(batch);
            data.writeLong(batchesDone);
            data.writeDouble(epochLossSum);
            data.writeDouble(secondsInEpoch());
            data.writeDouble(smoothedLoss.average());
            data.writeInt(smoothedLoss.count());
            learner.writeState(data);
            data.flush();
            data.writeLong(checked.getChecksum().getValue());
            data.flush();
        }

        static Fit read(InputStream in, Learner learner, String fingerprint) {
            Inflater inflater = new Inflater();
            try {
                InputStream inflated = new InflaterInputStream(in, inflater, 1 << 16);
                CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(inflated, 1 << 16),
                        new CRC32());
                DataInputStream data = new DataInputStream(checked);
                if (data.readInt() != CHECKPOINT_MAGIC || data.readInt() != CHECKPOINT_VERSION) {
                    throw new IOException("it is not an InitLab checkpoint of version " + CHECKPOINT_VERSION);
                }
                String written = data.readUTF();
                if (!written.equals(fingerprint)) {
                    throw new IOException("it belongs to another run: " + written + "; this run: " + fingerprint);
                }
                Fit fit = new Fit(learner, fingerprint);
                fit.epoch = data.readInt();
                fit.batch = data.readInt();
                fit.batchesDone = data.readLong();
                fit.epochLossSum = data.readDouble();
                fit.secondsBefore = data.readDouble();
                fit.smoothedLoss = new SmoothedLoss(data.readDouble(), data.readInt());
                learner.readState(data);
                long computed = checked.getChecksum().getValue();
                if (data.readLong() != computed) {
                    throw new IOException("its checksum does not match: it is damaged");
                }
                log.info("Resuming at epoch {}, batch {} ({} batches done)", fit.epoch, fit.batch, fit.batchesDone);
                return fit;
            } catch (IOException | IllegalArgumentException | ArithmeticException e) {
                // what a damaged stream makes the reading throw; a failing source's own exceptions pass
                throw new UnusableCheckpointException(e);
            } finally {
                inflater.end();
            }
        }
    }
}
