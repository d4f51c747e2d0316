package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithWorkers;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * The experiment page of a finished 5-seed, 2-variant experiment, in a real browser: the post's table over
 * seeds against the comparison API, bands inside the metric's range, one epoch convention, the runs table.
 * Its runs name a device no worker has (gpu9), so their stored epochs stay as written here.
 */
@WithWorkers
class ExperimentPageBrowserTest extends BrowserTest {

    private static final int SEEDS = 5;
    private static final int EPOCHS = 3;

    @AfterEach
    void windowViewportAgain() {
        Browser.windowViewport(browser);
    }

    @Test
    void seedTableShowsTheComparisonApisNumbersInFastaisFormat() {
        String id = finishedExperiment("table over seeds");
        JsonNode comparison = json(get("/api/experiments/" + id + "/comparison"));

        browser.get(url("/experiments/" + id));
        waitUntil(() -> rows("accuracy").size() == EPOCHS);

        assertThat(headers("accuracy")).containsExactly("epoch", "zero-init (5 seeds)", "one-init (5 seeds)",
                "Δ one-init − zero-init", "p (paired)");
        for (String metric : List.of("accuracy", "validLoss", "trainLoss")) {
            List<List<String>> rows = rows(metric);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                List<String> row = rows.get(epoch);
                assertThat(row.get(0)).isEqualTo(String.valueOf(epoch));
                for (int variant = 0; variant < 2; variant++) {
                    JsonNode summary = comparison.get("variants").get(variant).get("epochs").get(epoch).get(metric);
                    assertThat(row.get(1 + variant)).as("%s, epoch %d, variant %d", metric, epoch, variant)
                            .isEqualTo(fixed(summary.get("mean").asDouble()) + " ± "
                                    + fixed(summary.get("ciHalfWidth").asDouble()));
                }
                JsonNode paired = comparison.get("pairs").get(0).get("epochs").get(epoch).get(metric).get("paired");
                double halfWidth = (paired.get("ci95").get("high").asDouble() - paired.get("ci95").get("low").asDouble()) / 2;
                double difference = paired.get("meanDifference").asDouble();
                assertThat(row.get(3)).isEqualTo((difference >= 0 ? "+" : "−") + fixed(Math.abs(difference))
                        + " ± " + fixed(halfWidth));
                assertThat(row.get(4)).isEqualTo(twoDigits(paired.get("p").asDouble()));
            }
        }
        // the numbers the page shows first answer the post's question at its last epoch
        assertThat(rows("accuracy").get(2).get(1)).startsWith("0.728600");
        assertThat(rows("accuracy").get(2).get(2)).startsWith("0.780800");
    }

    @Test
    void severalVariantsShowHolmAdjustedPValues() {
        var experiment = json(postJson("/api/experiments", """
                {"name": "three gammas", "dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "half-init", "bn2Gamma": 0.5},
                              {"name": "one-init", "bn2Gamma": 1}], "seeds": [0, 1, 2]}"""));
        for (JsonNode run : experiment.get("runs")) {
            double gamma = run.get("variant").asString().equals("zero-init") ? 0
                    : run.get("variant").asString().equals("half-init") ? 0.5 : 1;
            double accuracy = 0.6 + 0.05 * gamma + 0.01 * run.get("seed").asInt() * (1 + gamma);
            store(run.get("id").asString(), 0, accuracy, 1 - accuracy, 1.1 - accuracy);
        }
        String id = experiment.get("id").asString();
        JsonNode pairs = json(get("/api/experiments/" + id + "/comparison")).get("pairs");

        browser.get(url("/experiments/" + id));
        waitUntil(() -> rows("accuracy").size() == 1);

        assertThat(headers("accuracy")).containsExactly("epoch", "zero-init (3 seeds)", "half-init (3 seeds)",
                "one-init (3 seeds)", "Δ half-init − zero-init", "p (paired, Holm)", "Δ one-init − zero-init",
                "p (paired, Holm)");
        for (int pair = 0; pair < 2; pair++) {
            JsonNode accuracy = pairs.get(pair).get("epochs").get(0).get("accuracy");
            assertThat(accuracy.get("holm").get("pairedP").asDouble()).isGreaterThan(accuracy.get("paired").get("p").asDouble());
            assertThat(rows("accuracy").get(0).get(5 + 2 * pair)).isEqualTo(twoDigits(accuracy.get("holm").get("pairedP").asDouble()));
        }
        assertThat(browser.findElement(By.id("verdict")).getText()).contains("Holm-adjusted over 2 comparisons with zero-init");
    }

    @Test
    void tableCopiesAsCsvAndMarkdown() {
        String id = finishedExperiment("copied table");
        browser.get(url("/experiments/" + id));
        waitUntil(() -> rows("accuracy").size() == EPOCHS);
        browser.executeCdpCommand("Browser.grantPermissions",
                Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

        browser.findElement(By.id("copy-csv")).click();
        String csv = clipboard();
        browser.findElement(By.id("copy-markdown")).click();
        String markdown = clipboard();

        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(1 + 3 * EPOCHS);
        assertThat(lines.get(0)).isEqualTo("metric,epoch,zero-init (5 seeds),one-init (5 seeds),Δ one-init − zero-init,p (paired)");
        List<String> cells = rows("accuracy").get(2);
        assertThat(cells.get(3)).as("a difference the server's CSV would guard").startsWith("+");
        assertThat(lines.get(3)).isEqualTo("accuracy,2," + String.join(",", cells.subList(1, 3))
                + ",\"'" + cells.get(3) + "\"," + cells.get(4));
        assertThat(markdown).contains("**accuracy**", "**valid_loss**", "**train_loss**")
                .contains("| 2 | " + String.join(" | ", rows("accuracy").get(2).subList(1, 5)) + " |");
    }

    @Test
    void copiedCsvGuardsFormulasAsTheServersCsvDoes() {
        var experiment = json(postJson("/api/experiments", """
                {"name": "formulas in names", "dataset": "synthetic", "epochs": 1, "device": "gpu9",
                 "variants": [{"name": "=1+2", "bn2Gamma": 0}, {"name": "@SUM(A1)", "bn2Gamma": 1}, {"name": "-x", "bn2Gamma": 1}],
                 "seeds": [0]}"""));
        experiment.get("runs").forEach(run -> store(run.get("id").asString(), 0, 0.5, 1.0, 1.0));
        browser.get(url("/experiments/" + experiment.get("id").asString()));
        waitUntil(() -> rows("accuracy").size() == 1);
        browser.executeCdpCommand("Browser.grantPermissions",
                Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

        browser.findElement(By.id("copy-csv")).click();
        String header = clipboard().lines().findFirst().orElseThrow();

        assertThat(header).isEqualTo("metric,epoch,\"'=1+2 (1 seeds)\",\"'@SUM(A1) (1 seeds)\",\"'-x (1 seeds)\","
                + "Δ @SUM(A1) − =1+2,\"p (paired, Holm)\",Δ -x − =1+2,\"p (paired, Holm)\"");
    }

    @Test
    void bandsStayInsideTheMetricsRangeWithTwoSeeds() {
        var experiment = json(postJson("/api/experiments", """
                {"name": "two wild seeds", "dataset": "synthetic", "epochs": 2, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1]}"""));
        for (JsonNode run : experiment.get("runs")) {
            boolean first = run.get("seed").asInt() == 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                store(run.get("id").asString(), epoch, first ? 0.99 : 0.55, first ? 0.05 : 1.9, first ? 0.1 : 2.2);
            }
        }

        browser.get(url("/experiments/" + experiment.get("id").asString()));
        waitUntil(() -> rows("accuracy").size() == 2);

        assertThat(bandValues("chart-accuracy")).isNotEmpty().allSatisfy(y -> assertThat(y).isBetween(0.0, 1.0));
        assertThat(bandValues("chart-validLoss")).isNotEmpty().allSatisfy(y -> assertThat(y).isGreaterThanOrEqualTo(0.0));
        assertThat(bandValues("chart-trainLoss")).isNotEmpty().allSatisfy(y -> assertThat(y).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void verdictAxisAndTablesCountEpochsTheSameWay() {
        String id = finishedExperiment("one convention");
        browser.get(url("/experiments/" + id));
        waitUntil(() -> rows("accuracy").size() == EPOCHS);

        assertThat(browser.findElement(By.id("verdict")).getText()).contains("after 3 epochs (epoch 2)");
        assertThat(browser.findElements(By.cssSelector(".convention"))).hasSize(1);
        assertThat(rows("accuracy")).extracting(row -> row.get(0)).containsExactly("0", "1", "2");
        assertThat(browser.executeScript("""
                const scale = Chart.getChart('chart-accuracy').scales.x;
                return [scale.min, scale.max, scale.options.title.text];"""))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly(0L, 2L, "epoch (from 0, as fastai prints it)");
    }

    @Test
    void runsTableHasARowPerRunAndSortsByAnyColumnWithoutAReload() {
        String id = finishedExperiment("sorted runs");
        browser.get(url("/experiments/" + id));
        waitUntil(() -> !column("final").contains("–"));
        browser.executeScript("window.notReloaded = true;");
        assertThat(browser.findElements(By.cssSelector("#runs tbody tr.run"))).hasSize(2 * SEEDS);

        sortBy("final");
        List<String> ascending = column("final");
        sortBy("final");
        List<String> descending = column("final");

        assertThat(ascending).isSortedAccordingTo(Comparator.comparing(Double::valueOf));
        assertThat(descending).containsExactlyElementsOf(reversed(ascending));
        assertThat(descending.get(0)).isEqualTo("0.792000");
        assertThat(browser.findElement(By.cssSelector("th[data-column='final']")).getDomAttribute("aria-sort"))
                .isEqualTo("descending");
        sortBy("run");
        assertThat(column("run")).first().isEqualTo("one-init · seed 0");
        assertThat(column("run")).last().isEqualTo("zero-init · seed 4");
        assertThat(browser.executeScript("return window.notReloaded === true;")).isEqualTo(true);
    }

    /** Pages the browser keeps for "back" once held their live streams open, until the seventh page hung. */
    @Test
    void leavingAPageClosesItsLiveStreamSoTheNextPagesStillLoad() {
        List<String> ids = IntStream.range(0, 8).mapToObj(i -> finishedExperiment("live stream " + i)).toList();
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        try {
            for (String id : ids) {
                browser.get(url("/experiments/" + id));
                waitUntil(() -> rows("accuracy").size() == EPOCHS);
            }
        } finally {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(5));
        }
        browser.navigate().back();
        waitUntil(() -> rows("accuracy").size() == EPOCHS);
    }

    @Test
    void aThousandRunsRenderAsOneTableThatStillSorts() {
        String id = experimentOfFinishedRuns(1000, 3);

        long start = System.nanoTime();
        browser.get(url("/experiments/" + id));
        waitUntil(() -> browser.findElement(By.id("verdict")).getText().startsWith("one variant only"));
        System.out.printf("experiment page of 1,000 runs in Chromium: loaded, charts and verdict in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(browser.findElements(By.cssSelector("#runs tbody tr.run"))).hasSize(1000);

        sortBy("run");
        List<String> ascending = column("run");
        sortBy("run");

        assertThat(ascending).hasSize(1000).first().isEqualTo("one-init · seed 0");
        assertThat(column("run")).containsExactlyElementsOf(reversed(ascending));
    }

    @Test
    void pageFitsADesktopAndAPhoneAndIsSavedAsScreenshots() throws Exception {
        String id = finishedExperiment("Fashion-MNIST, 5 seeds × 2 variants");
        Path desktop = screenshotAt(id, 1400, 900);
        double accuracyWidth = width("#figure-accuracy");
        double lossWidth = width("#figure-validLoss");
        double accuracyHeight = ((Number) browser.executeScript(
                "return document.getElementById('chart-accuracy').getBoundingClientRect().height;")).doubleValue();

        Path phone = screenshotAt(id, 390, 844);

        assertThat(accuracyWidth).isGreaterThanOrEqualTo(2 * lossWidth);
        assertThat(accuracyHeight).isBetween(300.0, 600.0);
        assertThat(Files.size(desktop)).isPositive();
        assertThat(Files.size(phone)).isPositive();
        assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as("nothing wider than the phone's screen").isEqualTo(true);
        assertThat(width("#figure-accuracy")).isLessThanOrEqualTo(390);
    }

    /** The page in a viewport of that size, saved as it shows and, for reading, from top to bottom. */
    private Path screenshotAt(String id, int width, int height) throws Exception {
        Browser.viewport(browser, width, height);
        browser.get(url("/experiments/" + id));
        waitUntil(() -> rows("accuracy").size() == EPOCHS && (Boolean) browser.executeScript(
                "return Chart.getChart('chart-accuracy') !== undefined;"));
        String name = "experiment-" + width + "x" + height;
        Path viewport = Browser.screenshot(browser, name);
        Map<String, Object> whole = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width,
                        "height", browser.executeScript("return document.documentElement.scrollHeight;"), "scale", 1)));
        Files.write(Path.of("target", "screenshots", name + "-full.png"),
                Base64.getDecoder().decode((String) whole.get("data")));
        return viewport;
    }

    /**
     * 5 seeds × 2 variants over 3 epochs; the last epoch's accuracies are those of
     * {@code ScipyReferenceTest} (zero-init 0.7286 and one-init 0.7808 on average).
     */
    private String finishedExperiment(String name) {
        double[] oneInit = {0.781, 0.769, 0.792, 0.774, 0.788};
        double[] zeroInit = {0.727, 0.741, 0.718, 0.735, 0.722};
        var experiment = json(postJson("/api/experiments", """
                {"name": "%s", "dataset": "fashion-mnist", "epochs": %d, "device": "gpu9",
                 "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                 "seeds": [0, 1, 2, 3, 4]}""".formatted(name, EPOCHS)));
        for (JsonNode run : experiment.get("runs")) {
            int seed = run.get("seed").asInt();
            double last = run.get("variant").asString().equals("one-init") ? oneInit[seed] : zeroInit[seed];
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                double accuracy = last - (0.1 - 0.003 * seed) * (EPOCHS - 1 - epoch);
                store(run.get("id").asString(), epoch, accuracy, 1.5 - accuracy, 1.6 - accuracy - 0.01 * seed);
            }
        }
        return experiment.get("id").asString();
    }

    private void store(String runId, int epoch, double accuracy, double validLoss, double trainLoss) {
        jdbc.update("INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_loss_mean, valid_loss, accuracy, seconds)"
                + " VALUES (?, ?, ?, ?, ?, ?, 10)", UUID.fromString(runId), epoch, trainLoss, trainLoss, validLoss, accuracy);
    }

    private List<String> headers(String metric) {
        return cells("table.seeds[data-metric='" + metric + "'] thead tr").get(0);
    }

    private List<List<String>> rows(String metric) {
        return cells("table.seeds[data-metric='" + metric + "'] tbody tr");
    }

    /** The text of each cell of each row, read in one script: the page may redraw its tables between calls. */
    @SuppressWarnings("unchecked")
    private List<List<String>> cells(String rowSelector) {
        return (List<List<String>>) browser.executeScript("""
                return [...document.querySelectorAll(arguments[0])]
                    .map((row) => [...row.cells].map((cell) => cell.textContent.trim()));""", rowSelector);
    }

    @SuppressWarnings("unchecked")
    private List<Double> bandValues(String canvasId) {
        List<Number> values = (List<Number>) browser.executeScript("""
                return Chart.getChart(arguments[0]).data.datasets.filter((d) => d.band)
                    .flatMap((d) => d.data.map((point) => point.y));""", canvasId);
        return values.stream().map(Number::doubleValue).toList();
    }

    private String clipboard() {
        Object text = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, (e) => done('failed: ' + e));");
        return (String) text;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private void sortBy(String column) {
        browser.findElement(By.cssSelector("th[data-column='" + column + "'] button")).click();
    }

    /** One column of the runs table, top to bottom. */
    private List<String> column(String name) {
        int index = ((Number) browser.executeScript(
                "return document.querySelector(`#runs th[data-column='${arguments[0]}']`).cellIndex;", name)).intValue();
        return cells("#runs tbody tr.run").stream().map(row -> row.get(index)).toList();
    }

    private double width(String selector) {
        return ((Number) browser.executeScript("return document.querySelector(arguments[0]).getBoundingClientRect().width;",
                selector)).doubleValue();
    }

    /** JavaScript's toFixed(6): the nearest 6-decimal number, halves away from zero. */
    private static String fixed(double value) {
        return new BigDecimal(value).setScale(6, RoundingMode.HALF_UP).toPlainString();
    }

    /** The page's p: two significant digits, trailing zeros dropped, or "< 0.001". */
    private static String twoDigits(double p) {
        return p < 0.001 ? "< 0.001"
                : new BigDecimal(p).round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
    }
}
