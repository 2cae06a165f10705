package dev.colbert.sample.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's headless chromium through its chromedriver, both at fixed paths (system properties
 * {@code sample.chromium.binary} and {@code sample.chromedriver.binary}, default {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}). The driver path is given to Selenium, so Selenium Manager never runs and nothing is
 * downloaded. A missing browser fails the test with the command that installs it.
 */
final class HeadlessChromium {

	private HeadlessChromium() {
	}

	static ChromeDriver start() throws IOException {
		String chromium = System.getProperty("sample.chromium.binary", "/usr/bin/chromium");
		String chromedriver = System.getProperty("sample.chromedriver.binary", "/usr/bin/chromedriver");
		for (String binary : new String[] { chromium, chromedriver }) {
			if (!Files.isExecutable(Path.of(binary))) {
				throw new IllegalStateException("The browser test needs " + binary + ", which is missing. Install "
						+ "Debian's chromium and its driver: sudo apt-get install -y chromium chromium-driver "
						+ "(.ci/run does it), or point -Dsample.chromium.binary and -Dsample.chromedriver.binary at "
						+ "a Chromium and a matching chromedriver");
			}
		}
		Path profile = Files.createTempDirectory("sample-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--window-size=1400,1100", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
			.usingAnyFreePort()
			.withTimeout(Duration.ofMinutes(2))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(2)).scriptTimeout(Duration.ofMinutes(1));
		return driver;
	}

}
