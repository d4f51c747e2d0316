package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The form's live time estimate in a real browser, against the time a real worker then takes; and the
 * experiment page's time left while it runs.
 */
@WithWorkers
class EstimateBrowserTest extends BrowserTest {

    private static final Logger log = LoggerFactory.getLogger(EstimateBrowserTest.class);

    /**
     * Four tiny runs: 2 epochs of 8 batches of 32 synthetic images at 16 px, and 64 images to validate.
     * Eight batches, not fewer, so that the first runs' warm-up (JIT, torch's first calls) is a small
     * part of the calibration, as it is in a deployment's real runs; four runs, so that the estimate's
     * median is not the first run's.
     */
    private static final String TINY_SPEC = """
            {"name": "tiny for the estimate", "dataset": "synthetic", "imageSize": 16, "epochs": 2, "batchSize": 32,
             "trainLimit": 256, "validLimit": 64,
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0, 1]}""";
    private static final Map<String, String> TINY_FORM = Map.of("name", "tiny for the estimate", "dataset", "synthetic",
            "imageSize", "16", "epochs", "2", "batchSize", "32", "trainLimit", "256", "validLimit", "64",
            "seedCount", "2");

    private static final String FIX_THE_FORM = "Fix the form to see an estimate.";

    @Test
    void formEstimateIsWithinAFactorOfTwoOfTheMeasuredTime() {
        awaitNoRunAheadOfANewOne();
        awaitSucceeded(json(postJson("/api/experiments", TINY_SPEC)).get("id").asString());
        double answered = json(postJson("/api/estimates", TINY_SPEC)).get("estimatedSeconds").asDouble();
        browser.get(url("/experiments/new"));
        TINY_FORM.forEach(this::fill);

        // the form estimates as its fields change: wait for the estimate of the spec filled in to the end
        waitUntil(() -> estimateText().startsWith("≈") && Math.abs(shownSeconds() - answered) <= answered / 10);
        Browser.screenshot(browser, "new-experiment-estimate");
        String sentence = estimateText();
        double shown = shownSeconds();
        browser.findElement(By.id("submit")).click();
        waitUntil(() -> browser.getCurrentUrl().matches(".*/experiments/[0-9a-f-]{36}$"));
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        String remaining = browser.findElement(By.id("remaining")).getDomProperty("textContent");
        awaitSucceeded(id);
        waitUntil(() -> !browser.findElement(By.id("remaining")).isDisplayed());

        double measured = jdbc.queryForObject("""
                SELECT extract(epoch FROM max(r.finished_at) - e.created_at)::float8
                FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE e.id = ?::uuid GROUP BY e.id""",
                Double.class, id);
        log.info("Estimate for four tiny runs: {} s in the form ({}), {} s from the API; measured {} s",
                shown, sentence, answered, measured);
        assertThat(sentence)
                .matches("≈ \\d+ (s|min) on 1 (CPU|GPU) worker, based on \\d+ finished (CPU|GPU) runs at 16 px\\.");
        assertThat(shown).isBetween(measured / 2, measured * 2);
        assertThat(remaining).matches("≈ \\d+ (s|min) left for the whole experiment");
    }

    @Test
    void presetLinkShowsAnEstimateForItsSpec() {
        browser.get(url("/experiments/new"));
        browser.findElement(By.cssSelector("a[data-preset='quick']")).click();

        waitUntil(() -> browser.getCurrentUrl().endsWith("preset=quick") && !estimateText().isEmpty());
        String shown = estimateText();
        assertThat(shown).matches("(≈ .* on \\d+ (CPU|GPU) workers?.*|No finished .* run with the fastai head .*)");
    }

    @Test
    void runUntilDecidedAddsTheSeedsItIsLikelyToTake() {
        browser.get(url("/experiments/new"));
        TINY_FORM.forEach(this::fill);
        fill("seedCount", "4");
        fill("maxSeeds", "12");
        waitUntil(() -> !estimateText().isEmpty() && !estimateText().contains("seeds, simulated"));

        browser.findElement(By.name("untilDecided")).click();

        waitUntil(() -> estimateText().matches(
                "(≈ .* expected, at most .* \\(|.*Run until decided: )about \\d+\\.\\d of up to 12 seeds, simulated "
                        + "with the sd of paired differences .*"));
        Browser.screenshot(browser, "new-experiment-sequential-estimate");
    }

    @Test
    void invalidFieldAsksForAFixInsteadOfAnEstimate() {
        browser.get(url("/experiments/new"));
        fill("epochs", "many");
        waitUntil(() -> estimateText().equals(FIX_THE_FORM));
        fill("epochs", "3");
        waitUntil(() -> !estimateText().isEmpty() && !estimateText().equals(FIX_THE_FORM));
        // a number the API refuses
        fill("epochs", "0");
        waitUntil(() -> estimateText().equals(FIX_THE_FORM));

        assertThat(browser.findElements(By.cssSelector(".field-error"))).isEmpty();
    }

    /** Waits until no run trains or waits that this test's worker would take before a new experiment's. */
    private void awaitNoRunAheadOfANewOne() {
        new WebDriverWait(browser, Duration.ofMinutes(4)).until(driver -> jdbc.queryForObject("""
                SELECT count(*) FROM runs r JOIN experiments e ON e.id = r.experiment_id
                WHERE r.status = 'RUNNING' OR (r.status = 'QUEUED' AND e.device IN ('auto', 'cpu', 'gpu', 'gpu0'))""",
                Long.class) == 0);
    }

    private void awaitSucceeded(String experimentId) {
        await("/api/experiments/" + experimentId, experiment ->
                experiment.get("runCounts").get("SUCCEEDED").asInt() == experiment.get("runs").size());
    }

    private static double shownSeconds() {
        String seconds = browser.findElement(By.id("estimate")).getDomAttribute("data-seconds");
        return seconds == null || seconds.isEmpty() ? Double.NaN : Double.parseDouble(seconds);
    }

    private static String estimateText() {
        return browser.findElement(By.id("estimate")).getText();
    }

    private void fill(String field, String text) {
        WebElement input = browser.findElement(By.name(field));
        input.clear();
        input.sendKeys(text);
    }
}
