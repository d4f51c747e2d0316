package dev.initlab.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;

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
}
