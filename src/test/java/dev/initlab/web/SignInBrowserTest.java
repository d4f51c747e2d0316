package dev.initlab.web;

import static dev.initlab.support.Accounts.EDITOR;
import static dev.initlab.support.Accounts.EDITOR_PASSWORD;
import static dev.initlab.support.Accounts.VIEWER;
import static dev.initlab.support.Accounts.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.initlab.support.Accounts;
import dev.initlab.support.Browser;
import dev.initlab.support.BrowserTest;
import dev.initlab.support.WithUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Signing in with the pages' form, in a real browser: the session works for pages, never for an API change. */
@WithUsers
class SignInBrowserTest extends BrowserTest {

    private static final String SPEC = """
            {"name": "one to read", "dataset": "synthetic", "imageSize": 16, "epochs": 1,
             "variants": [{"name": "one-init", "bn2Gamma": 1}]}""";

    /** Cookies can only be deleted on their site's page; the sign-in form is then loaded afresh, with its own token. */
    @BeforeEach
    void signedOutOnTheSignInPage() {
        browser.get(url("/sign-in"));
        browser.manage().deleteAllCookies();
        browser.get(url("/sign-in"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @Test
    void strangerIsSentToSignInAndThenToThePageAskedFor() {
        browser.get(url("/experiments/new?preset=quick"));

        waitUntil(() -> browser.getCurrentUrl().endsWith("/sign-in"));
        Browser.screenshot(browser, "sign-in");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        submitSignIn(EDITOR, EDITOR_PASSWORD);

        waitUntil(() -> browser.getCurrentUrl().contains("/experiments/new?preset=quick"));
        assertThat(browser.findElement(By.name("epochs")).getDomProperty("value")).isEqualTo("3");
    }

    @Test
    void wrongPasswordStaysOnSignInAndSaysSo() {
        submitSignIn(EDITOR, VIEWER_PASSWORD);

        waitUntil(() -> browser.getCurrentUrl().endsWith("/sign-in?error"));
        assertThat(browser.findElement(By.cssSelector("main .error")).getText())
                .isEqualTo("That name and password do not match an account.");
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
    }

    @Test
    void editorSubmitsTheFormWithItsCsrfTokenAndSignsOut() {
        signIn(EDITOR, EDITOR_PASSWORD);
        assertThat(browser.findElement(By.cssSelector(".nav .signed-in")).getText()).isEqualTo(EDITOR);
        long before = experiments();

        browser.get(url("/experiments/new"));
        assertThat(browser.findElement(By.cssSelector("#experiment-form input[name='_csrf']")).getDomAttribute("value"))
                .isNotBlank();
        // the live estimate is the API's answer to the page's own POST, made with the page's session
        waitUntil(() -> !browser.findElement(By.id("estimate")).getText().isEmpty());
        fill("name", "signed-in submission");
        fill("dataset", "synthetic");
        fill("imageSize", "16");
        browser.findElement(By.id("submit")).click();

        waitUntil(() -> browser.getCurrentUrl().matches(".*/experiments/[0-9a-f-]{36}$"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("signed-in submission");
        assertThat(experiments()).isEqualTo(before + 1);

        browser.findElement(By.id("sign-out")).click();
        waitUntil(() -> browser.getCurrentUrl().endsWith("/sign-in?signed-out"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("You are signed out.");
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
    }

    @Test
    void viewerReadsButIsShownANotAllowedPageForTheFormAndForCancel() {
        String id = json(send(HttpRequest.newBuilder(uri("/api/experiments"))
                .header("Authorization", Accounts.basic(EDITOR, EDITOR_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC)))).get("id").asString();
        signIn(VIEWER, VIEWER_PASSWORD);

        browser.get(url("/experiments/new"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        Browser.screenshot(browser, "not-allowed");
        assertThat(browser.findElement(By.cssSelector(".nav .signed-in")).getText()).isEqualTo(VIEWER);

        browser.get(url("/experiments/" + id));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("one to read");
        browser.findElement(By.id("cancel-experiment")).click();
        waitUntil(() -> browser.findElement(By.tagName("h1")).getText().equals("Not allowed"));
        assertThat(jdbc.queryForObject("SELECT status FROM runs WHERE experiment_id = ?::uuid", String.class, id))
                .isEqualTo("QUEUED");
    }

    @Test
    void signedInPageReadsTheApiButItsCookieCannotChangeAnything() {
        signIn(EDITOR, EDITOR_PASSWORD);
        assertThat(browser.manage().getCookieNamed("JSESSIONID").getSameSite()).isEqualTo("Lax");
        String cookie = "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        long before = experiments();

        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/experiments")).header("Cookie", cookie).GET());
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/api/experiments")).header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SPEC)));
        Object readInPage = browser.executeAsyncScript(
                "fetch('/api/experiments').then(r => arguments[0](r.status))");
        Object writeInPage = browser.executeAsyncScript(
                "fetch('/api/experiments', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: arguments[0]})"
                        + ".then(r => arguments[1](r.status))", SPEC);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(write.statusCode()).as(write.body()).isEqualTo(401);
        assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(readInPage).isEqualTo(200L);
        assertThat(writeInPage).as("answered without a challenge, so no sign-in box opens over the page").isEqualTo(401L);
        assertThat(experiments()).isEqualTo(before);
    }

    @Test
    void formPostedWithoutItsCsrfTokenIsRefused() {
        signIn(EDITOR, EDITOR_PASSWORD);
        String cookie = "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        long before = experiments();

        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/experiments/new")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("dataset=synthetic&variants[0].name=a&variants[0].bn2Gamma=1")));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(experiments()).isEqualTo(before);
    }

    private void signIn(String name, String password) {
        submitSignIn(name, password);
        waitUntil(() -> !browser.getCurrentUrl().contains("/sign-in"));
    }

    private void submitSignIn(String name, String password) {
        fill("username", name);
        fill("password", password);
        browser.findElement(By.cssSelector("#sign-in-form button[type='submit']")).click();
    }

    private void fill(String field, String text) {
        WebElement input = browser.findElement(By.name(field));
        input.clear();
        input.sendKeys(text);
    }

    private long experiments() {
        return jdbc.queryForObject("SELECT count(*) FROM experiments", Long.class);
    }
}
