package dev.initlab.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Chromium for a test class, started before its first test and quit after its last:
 * {@code @RegisterExtension static final BrowserSession browser = new BrowserSession();}.
 */
public final class BrowserSession implements BeforeAllCallback, AfterAllCallback {

    private ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) {
        driver = Browser.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    public ChromeDriver driver() {
        return driver;
    }
}
