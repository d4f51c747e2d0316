package dev.initlab.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One variant trained with one seed; also the run queue's entry for it. */
@Entity
@Table(name = "runs")
public class Run extends AssignedIdEntity {


    @Column(insertable = false, updatable = false)
    private Long queueOrder;

    @Column(name = "experiment_id", updatable = false)
    private UUID experimentId;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "variant_id", updatable = false)
    private Variant variant;

    private long seed;

    @Enumerated(EnumType.STRING)
    private RunStatus status;

    private int attempt;
    private boolean cancelRequested;
    private String worker;
    private String device;
    private Instant leaseUntil;
    private Integer progressEpoch;
    private Integer progressBatch;
    private Integer batchesPerEpoch;
    private Double imagesPerSecond;
    private Double etaSeconds;
    private String phase;
    private Integer resumedFromEpoch;
    private Integer resumedFromBatch;
    @Column(updatable = false)
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private String error;

    protected Run() {
    }

    Run(UUID id, UUID experimentId, Variant variant, long seed, Instant createdAt) {
        super(id);
        this.experimentId = experimentId;
        this.variant = variant;
        this.seed = seed;
        this.status = RunStatus.QUEUED;
        this.createdAt = createdAt;
    }


    public UUID getExperimentId() {
        return experimentId;
    }

    public Variant getVariant() {
        return variant;
    }

    public long getSeed() {
        return seed;
    }

    public RunStatus getStatus() {
        return status;
    }

    public int getAttempt() {
        return attempt;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public String getWorker() {
        return worker;
    }

    public String getDevice() {
        return device;
    }

    public Instant getLeaseUntil() {
        return leaseUntil;
    }

    public Integer getProgressEpoch() {
        return progressEpoch;
    }

    public Integer getProgressBatch() {
        return progressBatch;
    }

    public Integer getBatchesPerEpoch() {
        return batchesPerEpoch;
    }

    public Double getImagesPerSecond() {
        return imagesPerSecond;
    }

    public Double getEtaSeconds() {
        return etaSeconds;
    }

    /** What a running run is doing: "preparing data", "downloading …: 45 %", "training", …; null otherwise. */
    public String getPhase() {
        return phase;
    }

    /** The epoch of the checkpoint this run's latest attempt continued from; null when it started from the beginning. */
    public Integer getResumedFromEpoch() {
        return resumedFromEpoch;
    }

    public Integer getResumedFromBatch() {
        return resumedFromBatch;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public String getError() {
        return error;
    }
}
