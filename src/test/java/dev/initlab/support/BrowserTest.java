package dev.initlab.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An integration test that looks at the application's pages in one headless Chromium per test class. */
public abstract class BrowserTest extends IntegrationTest {

    protected static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.quit();
    }

    protected String url(String path) {
        return uri(path).toString();
    }

    /** Waits up to 20 s for something the page does by itself (scripts, live updates). */
    protected static void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> condition.getAsBoolean());
    }
}
