package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.Preset;
import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/** The dashboard in a real browser, over a real database, with a real worker training tiny runs. */
@WithWorkers
class DashboardBrowserTest extends BrowserTest {

    @Test
    void submittedFormShowsTheExperimentPageWithEveryRunQueued() {
        browser.get(url("/experiments/new?preset=quick"));
        Browser.screenshot(browser, "new-experiment-form");
        assertThat(value("epochs")).isEqualTo("3");
        assertThat(value("trainLimit")).isEqualTo("4000");
        fill("name", "browser submitted");
        fill("dataset", "synthetic");
        fill("imageSize", "16");
        fill("epochs", "1");
        fill("trainLimit", "32");
        fill("validLimit", "16");
        fill("device", "gpu9");

        browser.findElement(By.id("submit")).click();

        waitUntil(() -> browser.getCurrentUrl().matches(".*/experiments/[0-9a-f-]{36}$"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("browser submitted");
        // no worker serves gpu9, so every run stays queued
        assertThat(browser.findElements(By.cssSelector("#runs tr.run"))).hasSize(6)
                .allSatisfy(run -> assertThat(run.getDomAttribute("data-status")).isEqualTo("QUEUED"));
        assertThat(browser.findElement(By.cssSelector(".recipe")).getText()).contains("synthetic").contains("16 px");
        assertThat(browser.findElement(By.cssSelector("meta[property='og:title']")).getDomAttribute("content"))
                .isEqualTo("browser submitted");
    }

    @Test
    void eachPresetFillsTheFormWithItsSpec() {
        for (Preset preset : Preset.values()) {
            browser.get(url("/experiments/new"));
            browser.findElement(By.cssSelector("a[data-preset='" + preset.getKey() + "']")).click();

            ExperimentSpec spec = preset.spec();
            waitUntil(() -> browser.getCurrentUrl().endsWith("preset=" + preset.getKey()));
            assertThat(value("name")).as(preset.getKey()).isEqualTo(spec.name());
            assertThat(value("dataset")).as(preset.getKey()).isEqualTo(spec.dataset());
            assertThat(value("imageSize")).as(preset.getKey()).isEqualTo(String.valueOf(spec.imageSize()));
            assertThat(value("epochs")).as(preset.getKey()).isEqualTo(String.valueOf(spec.epochs()));
            assertThat(value("batchSize")).as(preset.getKey()).isEqualTo(String.valueOf(spec.batchSize()));
            assertThat(value("trainLimit")).as(preset.getKey())
                    .isEqualTo(spec.trainLimit() == null ? "" : String.valueOf(spec.trainLimit()));
            assertThat(value("seedCount")).as(preset.getKey()).isEqualTo(String.valueOf(spec.seeds().size()));
            for (int i = 0; i < spec.variants().size(); i++) {
                assertThat(value("variants[" + i + "].bn2Gamma")).as(preset.getKey())
                        .isEqualTo(String.valueOf(spec.variants().get(i).bn2Gamma()));
            }
        }
        // the post's own recipe, as the issue that asked for it states it
        browser.get(url("/experiments/new?preset=reproduce"));
        assertThat(value("dataset")).isEqualTo("imagenette2");
        assertThat(value("imageSize")).isEqualTo("256");
        assertThat(value("seedCount")).isEqualTo("5");
    }

    @Test
    void invalidFormShowsEachErrorBesideItsFieldAndKeepsWhatWasTyped() {
        browser.get(url("/experiments/new"));
        fill("name", "keep me");
        fill("epochs", "0");
        fill("lrMax", "fast");
        fill("variants[1].bn2Gamma", "7");
        fill("seedList", "1, two");
        long before = count("experiments");

        browser.findElement(By.id("submit")).click();

        waitUntil(() -> !browser.findElements(By.cssSelector(".field-error")).isEmpty());
        Browser.screenshot(browser, "new-experiment-form-errors");
        assertThat(errorBeside("epochs")).contains("greater than or equal to 1");
        assertThat(errorBeside("lrMax")).isEqualTo("must be a number");
        assertThat(errorBeside("variants[1].bn2Gamma")).contains("less than or equal to 2");
        assertThat(errorBeside("seedList")).contains("whole numbers");
        assertThat(value("name")).isEqualTo("keep me");
        assertThat(value("lrMax")).isEqualTo("fast");
        assertThat(value("seedList")).isEqualTo("1, two");
        assertThat(count("experiments")).isEqualTo(before);
    }

    @Test
    void advancedNumbersAreFastaisUntilChangedAndTheirErrorsOpenTheirSection() {
        browser.get(url("/experiments/new"));
        assertThat(value("adamBeta2")).isEqualTo("0.99");
        assertThat(value("pctStart")).isEqualTo("0.25");
        assertThat(browser.findElement(By.name("adamBeta2")).isDisplayed()).isFalse();
        browser.findElement(By.cssSelector("details.advanced summary")).click();
        fill("dataset", "synthetic");
        fill("device", "gpu9");
        fill("pctStart", "1.5");
        long before = count("experiments");

        browser.findElement(By.id("submit")).click();

        waitUntil(() -> !browser.findElements(By.cssSelector(".field-error")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("details.advanced")).getDomAttribute("open")).isNotNull();
        assertThat(errorBeside("pctStart")).isNotBlank();
        assertThat(count("experiments")).isEqualTo(before);
        fill("pctStart", "0.3");
        browser.findElement(By.id("submit")).click();
        waitUntil(() -> browser.getCurrentUrl().matches(".*/experiments/[0-9a-f-]{36}$"));
        assertThat(browser.findElement(By.cssSelector(".recipe")).getText()).contains("pct_start 0.3");
    }

    @Test
    void tinyRunGoesFromQueuedToSucceededLiveWithoutAReload() {
        String id = json(postJson("/api/experiments", """
                {"name": "live tiny run", "dataset": "synthetic", "imageSize": 16, "epochs": 3, "batchSize": 16,
                 "trainLimit": 96, "validLimit": 32,
                 "variants": [{"name": "one-init", "bn2Gamma": 1}], "seeds": [0]}""")).get("id").asString();
        browser.get(url("/experiments/" + id));
        browser.executeScript("window.notReloaded = true;");
        AtomicInteger widestBar = new AtomicInteger();
        AtomicInteger mostRows = new AtomicInteger();
        List<String> statuses = new java.util.ArrayList<>();

        new WebDriverWait(browser, Duration.ofSeconds(240)).pollingEvery(Duration.ofMillis(200)).until(driver -> {
            WebElement run = browser.findElement(By.cssSelector("#runs tr.run"));
            String status = run.getDomAttribute("data-status");
            if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status)) {
                statuses.add(status);
            }
            mostRows.accumulateAndGet(browser.findElements(By.cssSelector("table.seeds[data-metric='accuracy'] tbody tr"))
                    .size(), Math::max);
            String width = run.findElement(By.cssSelector(".progress .bar")).getCssValue("width");
            widestBar.accumulateAndGet((int) Double.parseDouble(width.replace("px", "")), Math::max);
            return "SUCCEEDED".equals(status) && mostRows.get() == 3;
        });
        waitUntil(() -> !browser.findElement(By.cssSelector("#runs tr.run td.best-accuracy")).getText().equals("–"));

        Browser.screenshot(browser, "experiment-page");
        assertThat(statuses).first().isIn("QUEUED", "RUNNING");
        assertThat(statuses).contains("RUNNING").last().isEqualTo("SUCCEEDED");
        assertThat(widestBar.get()).isPositive();
        assertThat(browser.executeScript("return window.notReloaded === true;")).isEqualTo(true);
        assertThat(paintedPixels("chart-accuracy")).isGreaterThan(500);
        JsonNode epochs = json(get("/api/experiments/" + id + "/metrics")).get("runs").get(0).get("epochs");
        double best = 0;
        for (JsonNode epoch : epochs) {
            best = Math.max(best, epoch.get("accuracy").asDouble());
        }
        assertThat(browser.findElement(By.cssSelector("#runs tr.run td.best-accuracy")).getText())
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.6f", best));
        assertThat(browser.findElement(By.cssSelector("#runs tr.run td.duration")).getText()).matches("\\d\\d:\\d\\d");
    }

    @Test
    void scriptInANameIsShownAsText() {
        String id = json(postJson("/api/experiments", """
                {"name": "<script>window.injected = 1</script>", "dataset": "synthetic", "device": "gpu9",
                 "variants": [{"name": "<b>bold</b>", "bn2Gamma": 1}]}""")).get("id").asString();

        browser.get(url("/experiments/" + id));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("<script>window.injected = 1</script>");
        assertThat(browser.executeScript("return window.injected === undefined;")).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#runs b"))).isEmpty();
        browser.get(url("/"));
        assertThat(browser.findElement(By.id("experiments")).getText()).contains("<script>window.injected = 1</script>");
    }

    @Test
    void compareOverlaysTheMeanCurvesOfSeveralExperiments() {
        String shortRun = experimentWithEpochs("five epochs", 5);
        String longRun = experimentWithEpochs("twenty epochs", 20);

        browser.get(url("/compare?experiments=" + shortRun + "," + longRun));

        waitUntil(() -> browser.findElements(By.cssSelector(".verdict-line")).stream()
                .allMatch(line -> line.getText().contains("one-init")));
        assertThat(browser.findElement(By.id("compare")).getText()).contains("five epochs").contains("twenty epochs");
        assertThat(paintedPixels("chart-accuracy")).isGreaterThan(500);
    }

    @Test
    void unknownExperimentIsAFriendlyNotFoundPage() {
        browser.get(url("/experiments/" + java.util.UUID.randomUUID()));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(browser.getPageSource()).doesNotContain("Exception");
    }

    /** An experiment whose two runs (never trained: gpu9) already have {@code epochs} stored epochs. */
    private String experimentWithEpochs(String name, int epochs) {
        var experiment = json(postJson("/api/experiments", """
                {"name": "%s", "dataset": "synthetic", "epochs": %d, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}]}"""
                .formatted(name, epochs)));
        experiment.get("runs").forEach(run -> {
            double ceiling = run.get("variant").asString().equals("one-init") ? 0.8 : 0.7;
            for (int epoch = 0; epoch < epochs; epoch++) {
                jdbc.update("INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss,"
                                + " accuracy, seconds) VALUES (?, ?, 1, 1, 1, ?, 10)",
                        java.util.UUID.fromString(run.get("id").asString()), epoch, ceiling * (epoch + 1) / epochs);
            }
        });
        return experiment.get("id").asString();
    }

    private long paintedPixels(String canvasId) {
        Object painted = browser.executeScript("""
                const canvas = document.getElementById(arguments[0]);
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
                return painted;""", canvasId);
        return ((Number) painted).longValue();
    }

    private String errorBeside(String field) {
        WebElement input = browser.findElement(By.name(field));
        return input.findElement(By.xpath("./following-sibling::span[contains(@class,'field-error')]")).getText();
    }

    private String value(String field) {
        return browser.findElement(By.name(field)).getDomProperty("value");
    }

    private void fill(String field, String text) {
        WebElement input = browser.findElement(By.name(field));
        input.clear();
        input.sendKeys(text);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }
}
