package dev.initlab.web;

import static dev.initlab.training.OptimizerSettings.FASTAI;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.initlab.experiment.Analysis;
import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.Recipe;
import dev.initlab.experiment.Stopping;

/**
 * The new-experiment form as the browser posts it. Seeds come as a list ("0, 1, 2") or, when the
 * list is empty, as a count (seeds 0 … count − 1).
 */
public class ExperimentForm {

    private String name;
    private String dataset = "fashion-mnist";
    private Integer imageSize = Recipe.DEFAULT_IMAGE_SIZE;
    private Integer epochs = Recipe.DEFAULT_EPOCHS;
    private Integer batchSize = Recipe.DEFAULT_BATCH_SIZE;
    private Double lrMax = Recipe.DEFAULT_LR_MAX;
    private Double weightDecay = Recipe.DEFAULT_WEIGHT_DECAY;
    private String head = Recipe.DEFAULT_HEAD;
    private Integer trainLimit;
    private Integer validLimit;
    private String device = Recipe.DEFAULT_DEVICE;
    private List<VariantRow> variants = new ArrayList<>(List.of(
            new VariantRow("zero-init", 0.0), new VariantRow("one-init", 1.0)));
    private Integer seedCount = 1;
    private String seedList = "";
    private Double adamBeta2 = FASTAI.adamBeta2();
    private Double adamEps = FASTAI.adamEps();
    private Double momentumHigh = FASTAI.momentumHigh();
    private Double momentumLow = FASTAI.momentumLow();
    private Double pctStart = FASTAI.pctStart();
    private Double divFactor = FASTAI.divFactor();
    private Double finalDivFactor = FASTAI.finalDivFactor();
    private Integer primaryEpoch;
    private Double smallestDifferencePoints = 100 * Analysis.DEFAULT_SMALLEST_DIFFERENCE;
    private boolean untilDecided;
    private Integer maxSeeds = Stopping.DEFAULT_MAX_SEEDS;
    private Integer seedsPerStep = Stopping.DEFAULT_SEEDS_PER_STEP;
    private Double stoppingAlpha = Stopping.DEFAULT_ALPHA;

    /** One variant line of the form. */
    public static class VariantRow {
        private String name;
        private Double bn2Gamma;

        public VariantRow() {
        }

        VariantRow(String name, Double bn2Gamma) {
            this.name = name;
            this.bn2Gamma = bn2Gamma;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Double getBn2Gamma() {
            return bn2Gamma;
        }

        public void setBn2Gamma(Double bn2Gamma) {
            this.bn2Gamma = bn2Gamma;
        }
    }

    /**
     * The form filled in with a spec that sets every field (a preset's does), seeds 0 … n − 1 as a
     * count and any others as a list.
     */
    static ExperimentForm of(ExperimentSpec spec) {
        ExperimentForm form = new ExperimentForm();
        form.name = spec.name();
        form.dataset = spec.dataset();
        form.imageSize = spec.imageSize();
        form.epochs = spec.epochs();
        form.batchSize = spec.batchSize();
        form.lrMax = spec.lrMax();
        form.weightDecay = spec.weightDecay();
        form.head = spec.head();
        form.trainLimit = spec.trainLimit();
        form.validLimit = spec.validLimit();
        form.device = spec.device();
        form.adamBeta2 = spec.adamBeta2();
        form.adamEps = spec.adamEps();
        form.momentumHigh = spec.momentumHigh();
        form.momentumLow = spec.momentumLow();
        form.pctStart = spec.pctStart();
        form.divFactor = spec.divFactor();
        form.finalDivFactor = spec.finalDivFactor();
        form.primaryEpoch = spec.primaryEpoch();
        form.smallestDifferencePoints = spec.smallestDifference() == null ? null : 100 * spec.smallestDifference();
        if (spec.stopping() != null) {
            form.untilDecided = true;
            form.maxSeeds = spec.stopping().maxSeeds();
            form.seedsPerStep = spec.stopping().seedsPerStep();
            form.stoppingAlpha = spec.stopping().alpha();
        }
        form.variants = new ArrayList<>(spec.variants().stream()
                .map(variant -> new VariantRow(variant.name(), variant.bn2Gamma())).toList());
        List<Long> seeds = spec.seedsOrDefault();
        if (seeds.equals(LongStream.range(0, seeds.size()).boxed().toList())) {
            form.seedCount = seeds.size();
        } else {
            form.seedList = seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return form;
    }

    /** The spec this form asks for; a seed list that is not numbers is reported by {@link #seedListProblem()}. */
    ExperimentSpec toSpec() {
        return new ExperimentSpec(name, dataset, imageSize, epochs, batchSize, lrMax, weightDecay, head, trainLimit,
                validLimit, device,
                variants.stream().map(row -> new ExperimentSpec.VariantSpec(row.getName(), row.getBn2Gamma())).toList(),
                seeds(), adamBeta2, adamEps, momentumHigh, momentumLow, pctStart, divFactor, finalDivFactor,
                primaryEpoch, smallestDifferencePoints == null ? null : smallestDifferencePoints / 100,
                untilDecided ? new ExperimentSpec.StoppingSpec(Stopping.ANYTIME, stoppingAlpha, maxSeeds, seedsPerStep, null)
                        : null);
    }

    private List<Long> seeds() {
        if (seedList != null && !seedList.isBlank() && seedListProblem() == null) {
            return Arrays.stream(seedList.split("[,\\s]+")).filter(s -> !s.isBlank()).map(Long::valueOf).toList();
        }
        int count = seedCount == null ? 0 : Math.min(seedCount, 1000);
        return LongStream.range(0, count).boxed().toList();
    }

    String seedListProblem() {
        if (seedList == null || seedList.isBlank()) {
            return null;
        }
        return seedList.strip().matches("[0-9]{1,10}([,\\s]+[0-9]{1,10})*")
                ? null : "must be whole numbers separated by commas, e.g. 0, 1, 2";
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }

    public Integer getImageSize() {
        return imageSize;
    }

    public void setImageSize(Integer imageSize) {
        this.imageSize = imageSize;
    }

    public Integer getEpochs() {
        return epochs;
    }

    public void setEpochs(Integer epochs) {
        this.epochs = epochs;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Double getLrMax() {
        return lrMax;
    }

    public void setLrMax(Double lrMax) {
        this.lrMax = lrMax;
    }

    public Double getWeightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(Double weightDecay) {
        this.weightDecay = weightDecay;
    }

    public String getHead() {
        return head;
    }

    public void setHead(String head) {
        this.head = head;
    }

    public Integer getTrainLimit() {
        return trainLimit;
    }

    public void setTrainLimit(Integer trainLimit) {
        this.trainLimit = trainLimit;
    }

    public Integer getValidLimit() {
        return validLimit;
    }

    public void setValidLimit(Integer validLimit) {
        this.validLimit = validLimit;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public List<VariantRow> getVariants() {
        return variants;
    }

    public void setVariants(List<VariantRow> variants) {
        this.variants = variants;
    }

    public Integer getSeedCount() {
        return seedCount;
    }

    public void setSeedCount(Integer seedCount) {
        this.seedCount = seedCount;
    }

    public String getSeedList() {
        return seedList;
    }

    public void setSeedList(String seedList) {
        this.seedList = seedList;
    }

    public Double getAdamBeta2() {
        return adamBeta2;
    }

    public void setAdamBeta2(Double adamBeta2) {
        this.adamBeta2 = adamBeta2;
    }

    public Double getAdamEps() {
        return adamEps;
    }

    public void setAdamEps(Double adamEps) {
        this.adamEps = adamEps;
    }

    public Double getMomentumHigh() {
        return momentumHigh;
    }

    public void setMomentumHigh(Double momentumHigh) {
        this.momentumHigh = momentumHigh;
    }

    public Double getMomentumLow() {
        return momentumLow;
    }

    public void setMomentumLow(Double momentumLow) {
        this.momentumLow = momentumLow;
    }

    public Double getPctStart() {
        return pctStart;
    }

    public void setPctStart(Double pctStart) {
        this.pctStart = pctStart;
    }

    public Double getDivFactor() {
        return divFactor;
    }

    public void setDivFactor(Double divFactor) {
        this.divFactor = divFactor;
    }

    public Double getFinalDivFactor() {
        return finalDivFactor;
    }

    public void setFinalDivFactor(Double finalDivFactor) {
        this.finalDivFactor = finalDivFactor;
    }

    public Integer getPrimaryEpoch() {
        return primaryEpoch;
    }

    public void setPrimaryEpoch(Integer primaryEpoch) {
        this.primaryEpoch = primaryEpoch;
    }

    /** The form asks in points of accuracy (1 = one point); the spec holds a fraction. */
    public Double getSmallestDifferencePoints() {
        return smallestDifferencePoints;
    }

    public void setSmallestDifferencePoints(Double smallestDifferencePoints) {
        this.smallestDifferencePoints = smallestDifferencePoints;
    }

    public boolean isUntilDecided() {
        return untilDecided;
    }

    public void setUntilDecided(boolean untilDecided) {
        this.untilDecided = untilDecided;
    }

    public Integer getMaxSeeds() {
        return maxSeeds;
    }

    public void setMaxSeeds(Integer maxSeeds) {
        this.maxSeeds = maxSeeds;
    }

    public Integer getSeedsPerStep() {
        return seedsPerStep;
    }

    public void setSeedsPerStep(Integer seedsPerStep) {
        this.seedsPerStep = seedsPerStep;
    }

    public Double getStoppingAlpha() {
        return stoppingAlpha;
    }

    public void setStoppingAlpha(Double stoppingAlpha) {
        this.stoppingAlpha = stoppingAlpha;
    }
}
