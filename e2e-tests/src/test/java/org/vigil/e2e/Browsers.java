package org.vigil.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real Chromium driven by Playwright: Debian's chromium (or {@code -Dvigil.chromium=/path}), never a browser that
 * Playwright downloads. One browser per test class; each person signs in in a context of their own (own cookies).
 * Screenshots go to {@code target/screenshots} for a reviewer to look at.
 */
final class Browsers implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final double TIMEOUT_MS = 20_000;

    private final Playwright playwright;
    private final Browser browser;

    Browsers() {
        Path chromium = Path.of(System.getProperty("vigil.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("No Chromium at " + chromium + ": apt-get install chromium (.ci/run does),"
                    + " or pass -Dvigil.chromium=/path/to/chromium");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // The flags keep Chromium from reaching out to the network at start (this machine has none) and let it run as
        // root in a container.
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium)
                .setHeadless(true)
                .setTimeout(60_000)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    /** A tablet-sized window (1024 px wide), signed in as this demo user through the real sign-in pages. */
    Page signedIn(String user) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setIgnoreHTTPSErrors(true)
                .setViewportSize(1024, 900)
                .setTimezoneId("Europe/London")
                .setLocale("en-GB"));
        context.setDefaultTimeout(TIMEOUT_MS);
        context.setDefaultNavigationTimeout(TIMEOUT_MS);
        Page page = context.newPage();
        page.navigate(Platform.get().gateway().resolve("/app/").toString());
        page.locator("input[name=username]").fill(user);
        page.locator("input[name=password]").fill(user + "-demo-password");
        page.locator("button[type=submit], input[type=submit]").first().click();
        page.waitForURL(url -> url.contains("/app/"));
        return page;
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("screenshot " + name + " not saved: " + e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
