package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.UUID;
import java.util.function.DoubleUnaryOperator;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ComparisonApiTest extends IntegrationTest {

    // the accuracies of dev.initlab.stats.ScipyReferenceTest: ttest_rel(oneInit, zeroInit) gives
    // t = 6.175893241857927, p = 0.0034915217395774557 (SciPy 1.10.1)
    private static final double[] ONE_INIT = {0.781, 0.769, 0.792, 0.774, 0.788};
    private static final double[] ZERO_INIT = {0.727, 0.741, 0.718, 0.735, 0.722};

    @Test
    void fiveSeedsGiveAggregatesPairedTestAndVerdict() {
        JsonNode experiment = fiveSeeds(accuracy -> accuracy - 0.2);

        JsonNode comparison = json(get("/api/experiments/" + experiment.get("id").asString() + "/comparison"));

        JsonNode oneInitFinal = comparison.get("variants").get(1).get("epochs").get(1);
        assertThat(oneInitFinal.get("n").asInt()).isEqualTo(5);
        assertThat(oneInitFinal.get("accuracy").get("mean").asDouble()).isCloseTo(0.7808, within(1e-12));
        assertThat(oneInitFinal.get("accuracy").get("ciLow").asDouble()).isCloseTo(0.7689748207523822, within(1e-12));
        JsonNode pair = comparison.get("pairs").get(0);
        assertThat(pair.get("variantA").asString()).isEqualTo("one-init");
        assertThat(pair.get("variantB").asString()).isEqualTo("zero-init");
        JsonNode paired = pair.get("atFinalEpoch").get("accuracy").get("paired");
        assertThat(paired.get("pairs").asInt()).isEqualTo(5);
        assertThat(paired.get("t").asDouble()).isCloseTo(6.175893241857927, within(1e-9));
        assertThat(paired.get("p").asDouble()).isCloseTo(0.0034915217395774557, within(1e-12));
        assertThat(comparison.get("verdict").asString()).startsWith("one-init ahead by 5.2 points").contains("after 2 epochs (epoch 1)");
        assertThat(pair.get("epochs")).extracting(epoch -> epoch.get("epoch").asInt()).containsExactly(0, 1);
        assertThat(pair.get("epochs").get(1)).isEqualTo(pair.get("atFinalEpoch"));
    }

    /**
     * Reference values from statsmodels 0.13.5 and SciPy 1.10.1 on the differences d = ONE_INIT − ZERO_INIT:
     * sd = d.std(ddof=1); upper = sd·sqrt(4 / scipy.stats.chi2.ppf(0.20, 4));
     * TTestPower().solve_power(nobs=5, alpha=0.05, power=0.8, alternative='two-sided')·upper; and the first n
     * with TTestPower().power(effect_size=0.01/upper, nobs=n, alpha=0.05, alternative='two-sided') ≥ 0.8.
     */
    @Test
    void powerSaysWhatTheSeedsResolveAndHowManyOnePointNeeds() {
        JsonNode experiment = fiveSeeds(accuracy -> 0.5);

        JsonNode comparison = json(get("/api/experiments/" + experiment.get("id").asString() + "/comparison"));

        assertThat(comparison.get("primaryEpoch").asInt()).isEqualTo(1);
        JsonNode power = comparison.get("pairs").get(0).get("power");
        assertThat(power.get("pairs").asInt()).isEqualTo(5);
        assertThat(power.get("sdDifference").asDouble()).isCloseTo(0.01889973544788394, within(1e-12));
        assertThat(power.get("sdDifferenceUpper").asDouble()).isCloseTo(0.029437763426446346, within(1e-9));
        assertThat(power.get("minimumDetectableDifference").asDouble()).isCloseTo(0.049514228631659066, within(1e-6));
        assertThat(power.get("pairsNeeded").asInt()).isEqualTo(70);
        assertThat(power.get("morePairsNeeded").asInt()).isEqualTo(65);
        assertThat(power.get("sentence").asString()).isEqualTo("With 5 paired seeds this experiment resolves "
                + "differences of 5.0 points or more (80 % power). To resolve 1.0 point you need about 70 paired seeds: "
                + "65 more.");
    }

    @Test
    void thePrimaryEpochChoosesWherePowerIsJudged() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 2, "device": "gpu9", "primaryEpoch": 0, "smallestDifference": 0.05,
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1, 2]}"""));
        for (JsonNode run : experiment.get("runs")) {
            storeEpoch(run.get("id").asString(), 0, 0.5 + 0.01 * run.get("seed").asInt());
        }

        JsonNode comparison = json(get("/api/experiments/" + experiment.get("id").asString() + "/comparison"));

        assertThat(experiment.get("analysis").get("primaryEpoch").asInt()).isZero();
        assertThat(experiment.get("analysis").get("smallestDifference").asDouble()).isEqualTo(0.05);
        assertThat(comparison.get("primaryEpoch").asInt()).isZero();
        JsonNode power = comparison.get("pairs").get(0).get("power");
        assertThat(power.get("epoch").asInt()).isZero();
        assertThat(power.get("pairs").asInt()).isEqualTo(3);
        assertThat(power.get("sentence").asString()).startsWith("The 3 paired differences are all equal");
    }

    @Test
    void aPrimaryEpochBeyondTheRecipeIsRefused() {
        var refused = postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 3, "primaryEpoch": 3,
                 "variants": [{"name": "one-init", "bn2Gamma": 1}]}""");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("primaryEpoch");
        assertThat(error.get("message").asString()).isEqualTo("must be an epoch of the recipe: 0 to 2 (epochs count "
                + "from 0; 3 epochs)");
    }

    @Test
    void oneSeedSaysNoTestIsPossibleAndAnUnknownBaselineIsAProblem() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}]}"""));
        experiment.get("runs").forEach(run -> storeEpoch(run.get("id").asString(), 0, 0.5));
        String id = experiment.get("id").asString();

        assertThat(json(get("/api/experiments/" + id + "/comparison")).get("verdict").asString())
                .contains("no test is possible with one seed");
        var unknown = get("/api/experiments/" + id + "/comparison?baseline=nope");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("baseline");
    }

    @Test
    void aSingleVariantStillHasItsMeanCurve() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0, 1]}"""));
        experiment.get("runs").forEach(run -> storeEpoch(run.get("id").asString(), 0, 0.5));

        JsonNode comparison = json(get("/api/experiments/" + experiment.get("id").asString() + "/comparison"));

        assertThat(comparison.get("pairs")).isEmpty();
        assertThat(comparison.get("variants").get(0).get("epochs").get(0).get("n").asInt()).isEqualTo(2);
        assertThat(comparison.get("verdict").asString()).isEqualTo("one variant only: nothing to compare it with");
    }

    @Test
    void bandsStayWithinTheMetricsRangeWhileTheHalfWidthStaysStudentT() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0, 1]}"""));
        JsonNode runs = experiment.get("runs");
        store(runs.get(0).get("id").asString(), 0, 0.99, 0.05);
        store(runs.get(1).get("id").asString(), 0, 0.59, 1.25);

        JsonNode epoch = json(get("/api/experiments/" + experiment.get("id").asString() + "/comparison"))
                .get("variants").get(0).get("epochs").get(0);

        // t(0.975, 1) = 12.706: the raw interval of either metric leaves its range on both sides
        JsonNode accuracy = epoch.get("accuracy");
        assertThat(accuracy.get("ciHalfWidth").asDouble()).isCloseTo(12.7062047361747 * 0.2, within(1e-9));
        assertThat(accuracy.get("ciLow").asDouble()).isEqualTo(0.0);
        assertThat(accuracy.get("ciHigh").asDouble()).isEqualTo(1.0);
        JsonNode validLoss = epoch.get("validLoss");
        assertThat(validLoss.get("ciLow").asDouble()).isEqualTo(0.0);
        assertThat(validLoss.get("ciHigh").asDouble()).isCloseTo(0.65 + 12.7062047361747 * 0.6, within(1e-9));
    }

    private void store(String runId, int epoch, double accuracy, double validLoss) {
        jdbc.update("INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)"
                + " VALUES (?, ?, 1.0, 1.0, ?, ?, 10)", UUID.fromString(runId), epoch, validLoss, accuracy);
    }

    /**
     * Two variants × seeds 0–4 on gpu9, which no worker takes, with ONE_INIT and ZERO_INIT stored as epoch 1's
     * accuracy and {@code epochZero} of it as epoch 0's.
     */
    private JsonNode fiveSeeds(DoubleUnaryOperator epochZero) {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"dataset": "synthetic", "epochs": 2, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1, 2, 3, 4]}"""));
        for (JsonNode run : experiment.get("runs")) {
            int seed = run.get("seed").asInt();
            double accuracy = run.get("variant").asString().equals("one-init") ? ONE_INIT[seed] : ZERO_INIT[seed];
            storeEpoch(run.get("id").asString(), 0, epochZero.applyAsDouble(accuracy));
            storeEpoch(run.get("id").asString(), 1, accuracy);
        }
        return experiment;
    }
}
