package dev.initlab.experiment;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One finished epoch of one run, as fastai's table prints it. Written once, never updated. */
@Entity
@Table(name = "epoch_metrics")
@IdClass(EpochMetric.Key.class)
public class EpochMetric {

    @Id
    @Column(name = "run_id")
    private UUID runId;
    @Id
    private int epoch;
    private double trainLoss;
    private double trainLossMean;
    private double validLoss;
    private double accuracy;
    private double seconds;
    @Column(insertable = false, updatable = false)
    private Instant recordedAt;

    protected EpochMetric() {
    }

    public EpochMetric(UUID runId, int epoch, double trainLoss, double trainLossMean, double validLoss,
                       double accuracy, double seconds) {
        this.runId = runId;
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.trainLossMean = trainLossMean;
        this.validLoss = validLoss;
        this.accuracy = accuracy;
        this.seconds = seconds;
    }

    public UUID getRunId() {
        return runId;
    }

    public int getEpoch() {
        return epoch;
    }

    public double getTrainLoss() {
        return trainLoss;
    }

    public double getTrainLossMean() {
        return trainLossMean;
    }

    public double getValidLoss() {
        return validLoss;
    }

    public double getAccuracy() {
        return accuracy;
    }

    public double getSeconds() {
        return seconds;
    }

    /** When the epoch was stored; a resumed run keeps the rows before its checkpoint, and their times. */
    public Instant getRecordedAt() {
        return recordedAt;
    }

    /** The primary key: one row per run and epoch. */
    public static class Key implements Serializable {
        private UUID runId;
        private int epoch;

        protected Key() {
        }

        public Key(UUID runId, int epoch) {
            this.runId = runId;
            this.epoch = epoch;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.epoch == epoch && key.runId.equals(runId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, epoch);
        }
    }
}
