package dev.initlab.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A recipe and the variants it compares, immutable once stored; only its name, description and tags change
 * ({@link #describe}). Its seeds are those of its runs, one run per
 * variant × seed: {@link ExperimentService#addSeeds} adds more, with this recipe.
 */
@Entity
@Table(name = "experiments")
public class Experiment extends AssignedIdEntity {

    private String name;
    private String description = "";
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> tags = new ArrayList<>();
    @Column(updatable = false)
    private Instant createdAt;
    private String dataset;
    private int imageSize;
    private int epochs;
    private int batchSize;
    private double lrMax;
    private double weightDecay;
    private String head;
    private Integer trainLimit;
    private Integer validLimit;
    private String device;
    @Column(name = "adam_beta2")
    private double adamBeta2;
    private double adamEps;
    private double momentumHigh;
    private double momentumLow;
    private double pctStart;
    private double divFactor;
    private double finalDivFactor;
    private Integer primaryEpoch;
    private double smallestDifference;
    private String stoppingRule;
    private Double stoppingAlpha;
    private Integer stoppingMaxSeeds;
    private Integer stoppingSeedsPerStep;
    // the naming strategy puts no underscore before a final capital
    @Column(name = "stopping_g")
    private Double stoppingG;

    @OneToMany(mappedBy = "experiment", cascade = CascadeType.PERSIST)
    @OrderBy("position")
    private List<Variant> variants = new ArrayList<>();

    protected Experiment() {
    }

    Experiment(UUID id, String name, Recipe recipe, Analysis analysis) {
        super(id);
        this.name = name;
        this.createdAt = Instant.now();
        this.dataset = recipe.dataset();
        this.imageSize = recipe.imageSize();
        this.epochs = recipe.epochs();
        this.batchSize = recipe.batchSize();
        this.lrMax = recipe.lrMax();
        this.weightDecay = recipe.weightDecay();
        this.head = recipe.head();
        this.trainLimit = recipe.trainLimit();
        this.validLimit = recipe.validLimit();
        this.device = recipe.device();
        this.adamBeta2 = recipe.adamBeta2();
        this.adamEps = recipe.adamEps();
        this.momentumHigh = recipe.momentumHigh();
        this.momentumLow = recipe.momentumLow();
        this.pctStart = recipe.pctStart();
        this.divFactor = recipe.divFactor();
        this.finalDivFactor = recipe.finalDivFactor();
        this.primaryEpoch = analysis.primaryEpoch();
        this.smallestDifference = analysis.smallestDifference();
        Stopping stopping = analysis.stopping();
        if (stopping != null) {
            this.stoppingRule = stopping.rule();
            this.stoppingAlpha = stopping.alpha();
            this.stoppingMaxSeeds = stopping.maxSeeds();
            this.stoppingSeedsPerStep = stopping.seedsPerStep();
            this.stoppingG = stopping.g();
        }
    }

    Variant addVariant(String variantName, double bn2Gamma) {
        Variant variant = new Variant(this, variants.size(), variantName, bn2Gamma);
        variants.add(variant);
        return variant;
    }


    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public List<String> getTags() {
        return List.copyOf(tags);
    }

    /** Renames, re-describes and re-tags; the V7 migration's trigger gives the experiment a new version. */
    void describe(String newName, String newDescription, List<String> newTags) {
        this.name = newName;
        this.description = newDescription;
        this.tags = new ArrayList<>(newTags);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public List<Variant> getVariants() {
        return List.copyOf(variants);
    }

    public Recipe getRecipe() {
        return new Recipe(dataset, imageSize, epochs, batchSize, lrMax, weightDecay, head, trainLimit, validLimit,
                device, adamBeta2, adamEps, momentumHigh, momentumLow, pctStart, divFactor, finalDivFactor);
    }

    public Analysis getAnalysis() {
        return new Analysis(primaryEpoch, smallestDifference, stoppingRule == null ? null
                : new Stopping(stoppingRule, stoppingAlpha, stoppingMaxSeeds, stoppingSeedsPerStep, stoppingG));
    }
}
