package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.queue.WorkerPool;
import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The home page in a real browser while this instance's real CPU worker trains a tiny experiment. */
@WithWorkers
class HomePageBrowserTest extends BrowserTest {

    private static final int EPOCHS = 2;
    private static final Pattern QUEUE_TEXT = Pattern.compile("(\\d+) runs? queued, oldest waiting .+");

    @Autowired
    private WorkerPool pool;

    @Test
    void homeListsEachLiveWorkerWithItsCurrentRunThenShowsItIdleWithoutAReload() {
        browser.get(url("/"));
        assertThat(ownWorker().device()).isEqualTo("cpu");

        JsonNode experiment = tinyExperiment("home page tiny");
        String id = experiment.get("id").asString();
        String firstRun = experiment.get("runs").get(0).get("id").asString();

        // reloading catches even a quick run; the worker takes runs in queue order, so the second one waits meanwhile
        WorkerRow training = new WebDriverWait(browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(100))
                .until(driver -> {
                    browser.get(url("/"));
                    WorkerRow row = ownWorker();
                    return row.currentRunHref().endsWith("/runs/" + firstRun) ? row : null;
                });
        assertThat(training.currentRunName()).isEqualTo("zero-init · seed 0");
        assertThat(training.text()).contains("home page tiny");
        assertThat(training.progressBars()).isEqualTo(1);
        assertThat(training.progressText()).isNotBlank();
        Matcher queue = QUEUE_TEXT.matcher(training.queueText());
        assertThat(queue.matches()).as(training.queueText()).isTrue();
        assertThat(Long.parseLong(queue.group(1))).isPositive();
        Browser.viewport(browser, 1400, 900);
        Browser.screenshot(browser, "home-training-1400x900");
        Browser.windowViewport(browser);

        browser.executeScript("window.notReloaded = true;");
        await("/api/experiments/" + id, body -> allSucceeded(body.get("runs")));
        new WebDriverWait(browser, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(200))
                .until(driver -> ownWorker().currentRunHref().isEmpty());
        assertThat(ownWorker().text()).contains("idle");
        assertThat(browser.executeScript("return window.notReloaded === true;")).isEqualTo(true);
    }

    @Test
    void finishedExperimentHasOneSparklinePerVariantWithAPointPerEpoch() {
        JsonNode experiment = tinyExperiment("home page sparklines");
        String id = experiment.get("id").asString();
        await("/api/experiments/" + id, body -> allSucceeded(body.get("runs")));

        browser.get(url("/"));

        WebElement row = browser.findElement(By.cssSelector("#experiments tr[data-experiment-id='" + id + "']"));
        List<WebElement> polylines = row.findElements(By.cssSelector("svg.sparkline polyline"));
        assertThat(polylines).extracting(line -> line.getDomAttribute("data-variant"))
                .containsExactly("zero-init", "one-init");
        assertThat(polylines).extracting(line -> line.getDomAttribute("stroke")).containsExactly("#1f77b4", "#d62728");
        assertThat(polylines).allSatisfy(line ->
                assertThat(line.getDomAttribute("points").split(" ")).hasSize(EPOCHS));
        assertThat(row.findElement(By.cssSelector("svg.sparkline")).getDomAttribute("aria-label"))
                .matches("zero-init mean accuracy by epoch: \\d\\.\\d\\d, \\d\\.\\d\\d; "
                        + "one-init mean accuracy by epoch: \\d\\.\\d\\d, \\d\\.\\d\\d");
        assertThat(row.findElements(By.className("best"))).hasSize(2);

        Browser.viewport(browser, 1400, 900);
        Browser.screenshot(browser, "home-1400x900");
        Browser.viewport(browser, 390, 844);
        assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as("nothing is wider than a phone's screen").isEqualTo(true);
        Browser.screenshot(browser, "home-390x844");
        Browser.windowViewport(browser);
    }

    /** What the page shows of one worker, and the queue line, read in one go: the panel is replaced every few seconds. */
    private record WorkerRow(String device, String currentRunHref, String currentRunName, String progressText,
                             long progressBars, String text, String queueText) {
    }

    /** This instance's worker; the database may list other instances' workers too. */
    private WorkerRow ownWorker() {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) browser.executeScript("""
                const row = [...document.querySelectorAll('#worker-list tr.worker')]
                    .find((worker) => worker.querySelector('.instance').textContent === arguments[0]);
                if (!row) {
                    return null;
                }
                const text = (selector) => (row.querySelector(selector) || {textContent: ''}).textContent.trim();
                const link = row.querySelector('.current-run');
                return {device: text('.device'), href: link ? link.getAttribute('href') : '', run: text('.current-run'),
                    progress: text('.progress-text'), bars: row.querySelectorAll('.progress .bar').length,
                    text: row.textContent, queue: document.querySelector('.queue-text').textContent.trim()};""",
                pool.instance());
        if (row == null) {
            throw new AssertionError("the home page lists no worker of instance " + pool.instance());
        }
        return new WorkerRow((String) row.get("device"), (String) row.get("href"), (String) row.get("run"),
                (String) row.get("progress"), (Long) row.get("bars"), (String) row.get("text"), (String) row.get("queue"));
    }

    /** Two runs (zero-init, then one-init) of a few seconds each on a CPU. */
    private JsonNode tinyExperiment(String name) {
        return json(postJson("/api/experiments", """
                {"name": "%s", "dataset": "synthetic", "imageSize": 16, "epochs": %d, "batchSize": 16,
                 "trainLimit": 128, "validLimit": 32,
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0]}""".formatted(name, EPOCHS)));
    }

    private static boolean allSucceeded(JsonNode runs) {
        for (JsonNode run : runs) {
            if (!run.get("status").asString().equals("SUCCEEDED")) {
                return false;
            }
        }
        return true;
    }
}
