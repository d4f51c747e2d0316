package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.initlab.support.Accounts;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of page, read anonymously and by an editor, in a real browser that enforces the pages' Content
 * Security Policy: none breaks it, and the browser does refuse an inline script and a style attribute.
 */
@WithUsers
@TestPropertySource(properties = "initlab.auth.public-read=true")
class ContentSecurityPolicyBrowserTest extends BrowserTest {

    /** Each page's violations, gathered from before its first script runs. */
    @BeforeAll
    static void recordViolations() {
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.policyViolations = [];
                document.addEventListener('securitypolicyviolation', (e) => window.policyViolations.push(
                    `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));"""));
    }

    private String experimentId;
    private String runId;

    /** An experiment of queued runs (progress bars, cancel forms) with a stored epoch each (charts, the table). */
    @BeforeEach
    void experimentWithEpochs() {
        JsonNode experiment = json(send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Authorization", Accounts.basic(Accounts.EDITOR, Accounts.EDITOR_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "policy", "dataset": "synthetic", "epochs": 2, "device": "gpu9",
                         "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
                         "seeds": [0, 1]}"""))));
        experimentId = experiment.get("id").asString();
        runId = experiment.get("runs").get(0).get("id").asString();
        experiment.get("runs").forEach(run -> storeEpoch(run.get("id").asString(), 0, 0.5));
        jdbc.update("UPDATE runs SET progress_epoch = 1, progress_batch = 3, batches_per_epoch = 10,"
                + " progress_updated_at = now() WHERE id = ?", UUID.fromString(runId));
    }

    @Test
    void everyPageAnswersThePolicyAndTheReferrerPolicy() {
        for (String path : List.of("/", "/sign-in", "/experiments/new", "/experiments/" + experimentId, "/runs/" + runId,
                "/compare?experiments=" + experimentId, "/experiments/" + UUID.randomUUID(), "/swagger-ui/index.html")) {
            HttpResponse<String> page = get(path);

            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(path.startsWith("/swagger-ui/") ? WebSecurity.SWAGGER_UI_POLICY : WebSecurity.CONTENT_SECURITY_POLICY);
            assertThat(page.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
        }
    }

    @Test
    void noPageBreaksThePolicyForAnonymousReadersOrEditors() {
        browser.get(url("/sign-in"));
        browser.manage().deleteAllCookies();
        loadWithoutViolations("/sign-in", () -> true);
        readEveryPage();

        loadWithoutViolations("/sign-in", () -> true);
        browser.findElement(By.name("username")).sendKeys(Accounts.EDITOR);
        browser.findElement(By.name("password")).sendKeys(Accounts.EDITOR_PASSWORD);
        browser.findElement(By.id("submit")).click();
        waitUntil(() -> !browser.getCurrentUrl().contains("/sign-in"));
        assertThat(violations()).isEmpty();
        loadWithoutViolations("/experiments/new", () -> !browser.findElement(By.id("estimate")).getText().isEmpty());
        readEveryPage();
    }

    @Test
    void theBrowserRefusesAnInlineScriptAndAStyleAttribute() {
        loadWithoutViolations("/experiments/" + experimentId, () -> true);

        browser.executeScript("""
                const script = document.createElement('script');
                script.textContent = 'window.inlineScriptRan = true;';
                document.body.append(script);
                document.body.setAttribute('style', 'background: red');""");
        waitUntil(() -> violations().size() == 2);

        assertThat(browser.executeScript("return window.inlineScriptRan === true;")).isEqualTo(false);
        assertThat(violations()).anySatisfy(violation -> assertThat(violation).startsWith("script-src-elem refused inline"))
                .anySatisfy(violation -> assertThat(violation).startsWith("style-src-attr refused inline"));
    }

    private void readEveryPage() {
        loadWithoutViolations("/", () -> !browser.findElements(By.cssSelector("#experiments .swatch")).isEmpty());
        loadWithoutViolations("/experiments/" + experimentId,
                () -> !browser.findElements(By.cssSelector("table.seeds[data-metric='accuracy'] tbody tr")).isEmpty());
        loadWithoutViolations("/runs/" + runId, () -> !browser.findElements(By.cssSelector("table.epochs tbody tr")).isEmpty());
        loadWithoutViolations("/compare?experiments=" + experimentId,
                () -> !browser.findElement(By.cssSelector(".verdict-line")).getText().isEmpty());
        loadWithoutViolations("/experiments/" + UUID.randomUUID(), () -> true);
        loadWithoutViolations("/swagger-ui.html", () -> !browser.findElements(By.cssSelector(".opblock")).isEmpty());
    }

    /** Loads the page, waits until its scripts have {@code drawn} what they draw, and checks that nothing was refused. */
    private void loadWithoutViolations(String path, BooleanSupplier drawn) {
        browser.get(url(path));
        waitUntil(() -> "complete".equals(browser.executeScript("return document.readyState;")) && drawn.getAsBoolean());
        assertThat(violations()).as(path).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations() {
        return (List<String>) browser.executeScript("return window.policyViolations;");
    }
}
