package dev.initlab.web;

import static dev.initlab.support.Accounts.EDITOR;
import static dev.initlab.support.Accounts.EDITOR_PASSWORD;
import static dev.initlab.support.Accounts.VIEWER;
import static dev.initlab.support.Accounts.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.initlab.support.Accounts;
import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The experiment page's "Add seeds" form in a real browser with sign-in on: a viewer has none; an editor's adds
 * runs that the table shows, and runs added elsewhere join the open page's table without a reload.
 */
@WithUsers
class AddSeedsBrowserTest extends BrowserTest {

    private static final String SPEC = """
            {"name": "more seeds", "dataset": "synthetic", "imageSize": 16, "epochs": 1, "device": "gpu9",
             "variants": [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}],
             "seeds": [0]}""";

    @Test
    void viewerHasNoFormAndAnEditorAddsSeedsAndSeesTheirRuns() {
        String id = json(postAsEditor("/api/experiments", SPEC)).get("id").asString();

        signIn(VIEWER, VIEWER_PASSWORD);
        browser.get(url("/experiments/" + id));
        assertThat(runNames()).containsExactly("zero-init · seed 0", "one-init · seed 0");
        assertThat(browser.findElements(By.id("add-seeds"))).isEmpty();

        signIn(EDITOR, EDITOR_PASSWORD);
        browser.get(url("/experiments/" + id));
        WebElement count = browser.findElement(By.id("add-seeds-count"));
        assertThat(count.getDomProperty("value")).isEqualTo("2");
        browser.findElement(By.id("add-seeds-submit")).click();

        waitUntil(() -> browser.getCurrentUrl().endsWith("/experiments/" + id + "#runs"));
        assertThat(runNames()).containsExactly("zero-init · seed 0", "one-init · seed 0", "zero-init · seed 1",
                "one-init · seed 1", "zero-init · seed 2", "one-init · seed 2");
        Browser.screenshot(browser, "seeds-added");

        // seeds added elsewhere (here, the API) come to the open page with its live progress
        browser.executeScript("window.notReloaded = true;");
        HttpResponse<String> added = postAsEditor("/api/experiments/" + id + "/seeds", "{\"seeds\": [9]}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        waitUntil(() -> runNames().size() == 8);
        assertThat(runNames()).endsWith("zero-init · seed 9", "one-init · seed 9");
        assertThat(browser.findElement(By.cssSelector("#runs tr.run:last-child .badge.status")).getText())
                .isEqualTo("QUEUED");
        assertThat(browser.executeScript("return window.notReloaded === true;")).isEqualTo(true);
    }

    private List<String> runNames() {
        return browser.findElements(By.cssSelector("#runs tbody tr.run td:first-child a")).stream()
                .map(WebElement::getText).toList();
    }

    /** Signs in afresh: cookies can only be deleted on their site's page, and the sign-in form needs its own token. */
    private void signIn(String name, String password) {
        browser.get(url("/sign-in"));
        browser.manage().deleteAllCookies();
        browser.get(url("/sign-in"));
        browser.findElement(By.name("username")).sendKeys(name);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("#sign-in-form button[type='submit']")).click();
        waitUntil(() -> !browser.getCurrentUrl().contains("/sign-in"));
    }

    private HttpResponse<String> postAsEditor(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", Accounts.basic(EDITOR, EDITOR_PASSWORD))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
