package dev.colbert.sample.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colbert.sample.SampleRagApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in a real headless browser (Debian's chromium): it loads, shows the ingestion, index and training
 * panels, searches and highlights the matched tokens, adds a document that the next search finds, and removes it.
 */
@SpringBootTest(classes = SampleRagApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.TEST_KB, TestApplication.TEST_BATCH, TestApplication.TEST_INDEX,
				TestApplication.TEST_MANIFEST, "colbert.training.enabled=true",
				"colbert.training.data-dir=target/browser-it-training/data",
				"colbert.training.output-dir=target/browser-it-training/output" })
class SampleAppBrowserIT {

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() throws IOException {
		browser = HeadlessChromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void searchesHighlightsAndAddsAndRemovesADocument() throws Exception {
		new SampleHttp(this.port).awaitIngestion();
		browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(200));

		// Panels: ingestion done, index figures (actuator endpoint, or the store's own figures without it), training.
		wait.until((d) -> List.of("READY", "REUSED").contains(text("#ingestion-state")));
		wait.until((d) -> text("#stats").contains("token vectors"));
		assertThat(text("#stats")).containsAnyOf("documents", "Stats unavailable");
		wait.until((d) -> !text("#training").contains("loading"));
		// Training is enabled here (read-only endpoint): no job yet, and the model that serves is named.
		assertThat(text("#training-state")).isEqualTo("IDLE");
		assertThat(text("#training-serving")).matches("serving: \\S+");

		// Search: ranked results with the matched tokens highlighted, coloured by similarity, named in a tooltip.
		search("foghorn blasts in fog", 3);
		List<WebElement> results = browser.findElements(By.cssSelector("#results li.result"));
		assertThat(results).hasSize(3);
		assertThat(results.get(0).findElement(By.cssSelector(".title")).getText()).isEqualTo("Lighthouse Keeping");
		List<WebElement> marks = results.get(0).findElements(By.cssSelector("mark.match"));
		assertThat(marks).isNotEmpty();
		WebElement fog = marks.stream()
			.filter((mark) -> "fog".equals(mark.getDomAttribute("data-query-token")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no highlight for the query token 'fog' in " + text("#results")));
		assertThat(fog.getText()).isEqualToIgnoringCase("fog");
		assertThat(fog.getDomAttribute("title")).contains("query token \"fog\" matched \"fog\" (similarity");
		assertThat(Double.parseDouble(fog.getDomAttribute("data-similarity"))).isGreaterThan(0.5);
		assertThat(fog.getCssValue("background-color")).startsWith("rgba(");
		assertThat(text("#legend")).contains("fog", "horn", "blasts"); // wordpieces: foghorn = fog + ##horn

		// Add a document through the form; the next search finds it first.
		browser.findElement(By.id("doc-title")).sendKeys("Harbour almanac");
		browser.findElement(By.id("doc-text")).sendKeys("The quartermaster polished the brass astrolabes every Tuesday.");
		browser.findElement(By.id("add-button")).click();
		wait.until((d) -> text("#added-documents").contains("Harbour almanac"));
		search("brass astrolabes", 3);
		WebElement added = browser.findElements(By.cssSelector("#results li.result")).get(0);
		assertThat(added.findElement(By.cssSelector(".title")).getText()).isEqualTo("Harbour almanac");
		assertThat(added.findElements(By.cssSelector("mark.match"))).extracting(WebElement::getText)
			.contains("brass", "astro"); // wordpieces: astrolabes = astro + ##lab + ##es
		screenshot("sample-app-it.png");

		// Remove it: the page searches again and the document is gone.
		browser.findElement(By.cssSelector("#added-documents li button.remove")).click();
		wait.until((d) -> browser.findElements(By.cssSelector("#added-documents li")).isEmpty());
		wait.until((d) -> text("#message").contains("Removed"));
		assertThat(browser.findElements(By.cssSelector("#results li.result .title"))).extracting(WebElement::getText)
			.isNotEmpty()
			.doesNotContain("Harbour almanac");
	}

	private void search(String query, int k) {
		WebElement q = browser.findElement(By.id("q"));
		q.clear();
		q.sendKeys(query);
		WebElement kField = browser.findElement(By.id("k"));
		kField.clear();
		kField.sendKeys(Integer.toString(k));
		browser.findElement(By.id("search-button")).click();
		new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(200))
			.until((d) -> query.equals(browser.findElement(By.id("results")).getDomAttribute("data-query"))
					&& !browser.findElements(By.cssSelector("#results li.result")).isEmpty());
	}

	private static String text(String selector) {
		List<WebElement> elements = browser.findElements(By.cssSelector(selector));
		return elements.isEmpty() ? "" : elements.get(0).getText();
	}

	private static void screenshot(String name) throws IOException {
		Path target = Path.of("target", name);
		Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
	}

}
