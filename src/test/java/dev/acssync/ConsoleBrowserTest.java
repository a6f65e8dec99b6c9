package dev.acssync;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser (Debian's headless Chromium) logs into the console and finds the project's routes on Hawtio's
 * Camel page. It also leaves {@code target/console-camel-routes.png}, the screenshot the README shows.
 */
class ConsoleBrowserTest extends SyncTestBase {
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final List<String> PROJECT_ROUTES = List.of("file-inbox", "process-file", "assign-org-unit",
            "acs-call", "acs-http", "sftp-inbox", "jms-inbox", "load-org-unit-directory");

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs Debian's chromium and chromium-driver (apt-get install chromium "
                        + "chromium-driver; .ci/run installs them)")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().window().setSize(new Dimension(1400, 900));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void logIn(String username, String password) {
        browser.get(url("/actuator/hawtio/"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void aWrongPasswordStaysOnTheLoginPage() {
        logIn("admin", "not-the-password");

        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login?error"));
        browser.get(url("/actuator/hawtio/camel/routes"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void anEngineerLogsInAndFindsTheRoutesOnTheCamelPage() throws Exception {
        dropAndAwaitReport("browser-" + System.nanoTime() + ".csv",
                "email,orgUnit\nemma.jones@example.com,press\nnot-an-email,press\n");

        logIn("admin", "sandbox");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.urlContains("/actuator/hawtio/"));
        browser.get(url("/actuator/hawtio/camel/routes"));
        // Hawtio logs itself out (back to /login) when its first Jolokia call is refused: the routes table proves
        // that the session, the CSRF token and Jolokia all work together
        wait.until(b -> b.getPageSource().contains("process-file"));
        String page = browser.getPageSource();
        assertThat(browser.getCurrentUrl()).endsWith("/actuator/hawtio/camel/routes");
        assertThat(page).contains(PROJECT_ROUTES).contains("acs-orgunit-sync");

        Path shot = Path.of("target", "console-camel-routes.png");
        Files.createDirectories(shot.getParent());
        File png = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }
}
