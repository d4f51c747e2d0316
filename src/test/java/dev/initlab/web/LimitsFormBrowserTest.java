package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithLowLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The form shows a refused limit where the user can act on it, keeps what was typed and stores nothing. */
@WithLowLimits
class LimitsFormBrowserTest extends BrowserTest {

    private static final Map<String, String> TYPED = Map.of("name", "too much for this server", "dataset", "synthetic",
            "device", "gpu9", "epochs", "5");

    private long experimentsBefore;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("UPDATE runs SET status = 'CANCELLED', finished_at = now() WHERE status IN ('QUEUED', 'RUNNING')");
        experimentsBefore = experiments();
    }

    @Test
    void tooManyRunsIsShownBesideTheSeedsWithWhatWasTypedKept() {
        browser.get(url("/experiments/new"));
        type(TYPED);
        type(Map.of("seedCount", "3"));

        browser.findElement(By.id("submit")).click();

        waitUntil(() -> !browser.findElements(By.cssSelector(".field-error")).isEmpty());
        Browser.screenshot(browser, "form-too-many-runs");
        WebElement besideSeeds = browser.findElement(
                By.xpath("//input[@id='seedCount']/following-sibling::span[@class='field-error']"));
        assertThat(besideSeeds.getText()).isEqualTo(
                "2 variants × 3 seeds make 6 runs; an experiment may have at most 4 runs (initlab.limits.runs-per-experiment)");
        assertThat(browser.findElements(By.cssSelector(".field-error"))).hasSize(1);
        assertTyped(TYPED);
        assertTyped(Map.of("seedCount", "3"));
        assertThat(experiments()).isEqualTo(experimentsBefore);
    }

    @Test
    void fullQueueIsShownAtTheTopOfTheFormWithWhatWasTypedKept() {
        assertThat(postJson("/api/experiments", """
                {"dataset": "synthetic", "device": "gpu9", "epochs": 35, "variants": [{"name": "one-init", "bn2Gamma": 1}]}""")
                .statusCode()).isEqualTo(201);
        browser.get(url("/experiments/new"));
        type(TYPED);

        browser.findElement(By.id("submit")).click();

        waitUntil(() -> !browser.findElements(By.cssSelector(".form-error")).isEmpty());
        Browser.screenshot(browser, "form-queue-full");
        assertThat(browser.findElement(By.cssSelector(".form-error")).getText())
                .startsWith("The queue is full: 35 epochs are still to train")
                .contains("this experiment adds 10 (2 runs × 5 epochs)")
                .contains("initlab.limits.queued-run-epochs");
        assertThat(browser.findElements(By.cssSelector(".field-error"))).isEmpty();
        assertTyped(TYPED);
        assertThat(experiments()).isEqualTo(experimentsBefore + 1);
    }

    private static void type(Map<String, String> values) {
        values.forEach((field, text) -> {
            WebElement input = browser.findElement(By.name(field));
            input.clear();
            input.sendKeys(text);
        });
    }

    private static void assertTyped(Map<String, String> values) {
        values.forEach((field, text) ->
                assertThat(browser.findElement(By.name(field)).getDomProperty("value")).as(field).isEqualTo(text));
    }

    private long experiments() {
        return jdbc.queryForObject("SELECT count(*) FROM experiments", Long.class);
    }
}
