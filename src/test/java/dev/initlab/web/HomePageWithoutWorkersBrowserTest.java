package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** The home page of a web-only instance (the tests' default: no worker), whose runs stay queued. */
class HomePageWithoutWorkersBrowserTest extends BrowserTest {

    @Test
    void homeSaysPlainlyThatNoWorkerIsRunningAndHowManyRunsWait() {
        postJson("/api/experiments", """
                {"name": "waits for a worker", "dataset": "synthetic",
                 "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0, 1]}""");
        long queued = jdbc.queryForObject("SELECT count(*) FROM runs WHERE status = 'QUEUED'", Long.class);

        browser.get(url("/"));

        assertThat(browser.findElement(By.className("no-workers")).getText())
                .isEqualTo("No worker is running: queued runs wait until an instance with workers starts.");
        assertThat(browser.findElements(By.id("worker-list"))).isEmpty();
        assertThat(browser.findElement(By.className("queue-text")).getText())
                .matches(queued + " runs queued, oldest waiting .+");
    }

    @Test
    void sparklineDrawsEachVariantsMeanOverSeedsOnTheFixedZeroToOneRange() {
        JsonNode experiment = json(postJson("/api/experiments", """
                {"name": "stored epochs", "dataset": "synthetic", "epochs": 3,
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1]}"""));
        // seeds 0 and 1 of each variant are 0.1 apart, so the means are the middle values
        experiment.get("runs").forEach(run -> {
            double base = run.get("variant").asString().equals("one-init") ? 0.55 : 0.25;
            double seedOffset = run.get("seed").asLong() == 0 ? -0.05 : 0.05;
            for (int epoch = 0; epoch < 3; epoch++) {
                storeEpoch(run.get("id").asString(), epoch, base + 0.1 * epoch + seedOffset);
            }
        });

        browser.get(url("/"));

        WebElement svg = browser.findElement(By.cssSelector(
                "#experiments tr[data-experiment-id='" + experiment.get("id").asString() + "'] svg.sparkline"));
        List<WebElement> polylines = svg.findElements(By.tagName("polyline"));
        assertThat(polylines).extracting(line -> line.getDomAttribute("points"))
                .containsExactly("2.0,23.0 60.0,20.2 118.0,17.4", "2.0,14.6 60.0,11.8 118.0,9.0");
        assertThat(svg.getDomAttribute("aria-label")).isEqualTo("zero-init mean accuracy by epoch: 0.25, 0.35, 0.45; "
                + "one-init mean accuracy by epoch: 0.55, 0.65, 0.75");
    }
}
