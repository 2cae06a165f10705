package dev.colbert.sample.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.ai.document.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.colbert.sample.SampleRagApplication;
import dev.colbert.sample.ingest.DocumentChunker;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in a real headless browser (Debian's chromium): it loads, shows the ingestion, index and training
 * panels, searches and highlights the matched tokens, adds a document that the next search finds, and removes it.
 * Two hardening checks of issue 15 in the same browser: a page from another origin cannot add documents (item 15), and a
 * {@code javascript:} URL in a document's metadata is never rendered as a link (item 16).
 */
@SpringBootTest(classes = SampleRagApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.TEST_KB, TestApplication.TEST_BATCH, TestApplication.TEST_INDEX,
				TestApplication.TEST_MANIFEST, "colbert.training.enabled=true",
				"colbert.training.data-dir=target/browser-it-training/data",
				"colbert.training.output-dir=target/browser-it-training/output" })
@Import(RequestRecorder.class)
class SampleAppBrowserIT {

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	RequestRecorder recorder;

	@Autowired
	ColbertVectorStore vectorStore;

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

		// Search: ranked results with the matched tokens highlighted, coloured by similarity, named in a tooltip; the
		// mode selector starts on the server's configured mode, hybrid with the weighted sum by default.
		assertThat(browser.findElement(By.id("mode")).getDomProperty("value")).isEmpty();
		search("foghorn blasts in fog", 3);
		assertThat(text("#message")).contains("(hybrid, weighted-sum)");
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

	/**
	 * Item 15 of issue 15 (CSRF): a page served from another origin (a second local HTTP server) posts a multipart upload
	 * to the application twice, as a classic form into an iframe and as a {@code no-cors} fetch, both of which a
	 * browser sends without asking. The application must answer both 403 and add nothing.
	 */
	@Test
	void aPageFromAnotherOriginCannotAddDocuments() throws Exception {
		new SampleHttp(this.port).awaitIngestion();
		EmbeddedTokenVectorStore store = (EmbeddedTokenVectorStore) this.vectorStore.getTokenVectorStore();
		List<String> before = store.index().documentIds();
		String target = "http://localhost:" + this.port + "/api/documents";
		String page = """
				<!DOCTYPE html><html><body>
				<form id="forge" method="post" enctype="multipart/form-data" action="%1$s" target="sink">
				<input type="hidden" name="title" value="Forged by a form"><input id="file" type="file" name="file">
				</form>
				<iframe name="sink"></iframe><div id="state">loading</div>
				<script>
				const files = new DataTransfer();
				files.items.add(new File(['The forged zeppelin manifest lists quicksilver barrels.'], 'forged.txt',
				    { type: 'text/plain' }));
				document.getElementById('file').files = files.files;
				document.getElementById('forge').submit();
				const body = new FormData();
				body.append('file', new Blob(['The forged zeppelin ledger lists quicksilver crates.'],
				    { type: 'text/plain' }), 'forged-by-fetch.txt');
				fetch('%1$s', { method: 'POST', mode: 'no-cors', body })
				  .then(() => { document.getElementById('state').textContent = 'sent'; },
				        (error) => { document.getElementById('state').textContent = 'failed: ' + error; });
				</script></body></html>
				""".formatted(target);
		HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		other.createContext("/", (exchange) -> {
			byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		other.start();
		String otherOrigin = "http://127.0.0.1:" + other.getAddress().getPort();
		try {
			browser.get(otherOrigin + "/");
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200));
			wait.until((d) -> text("#state").equals("sent") && forgedPosts(otherOrigin).size() == 2);
			assertThat(forgedPosts(otherOrigin)).as("what the two forged uploads were answered")
				.extracting(RequestRecorder.Exchange::status)
				.containsExactly(403, 403);
		}
		finally {
			other.stop(0);
		}
		assertThat(store.index().documentIds()).as("nothing was added").containsExactlyElementsOf(before);
	}

	private List<RequestRecorder.Exchange> forgedPosts(String origin) {
		return this.recorder.exchanges()
			.stream()
			.filter((exchange) -> exchange.method().equals("POST") && origin.equals(exchange.origin()))
			.toList();
	}

	/**
	 * Item 16 of issue 15: a document whose url is a {@code javascript:} URL (as the API accepted from front matter
	 * before, and as any other writer of the store can still add) is shown with its url as text, never as a link;
	 * http(s) urls stay links.
	 */
	@Test
	void onlyHttpUrlsBecomeLinks() throws InterruptedException {
		new SampleHttp(this.port).awaitIngestion();
		Map<String, Object> metadata = Map.of(DocumentChunker.DOCUMENT_ID, "legacy-script-link", DocumentChunker.TITLE,
				"Legacy script link", DocumentChunker.URL, "javascript:alert(document.domain)", DocumentChunker.ORIGIN,
				DocumentChunker.ORIGIN_UPLOAD, DocumentChunker.CHUNK, 0);
		this.vectorStore.add(List.of(Document.builder()
			.id("legacy-script-link#0")
			.text("The airship mooring mast at the aerodrome held the zeppelin against gusts.")
			.metadata(metadata)
			.build()));
		try {
			browser.get("http://localhost:" + this.port + "/");
			search("airship mooring mast zeppelin", 3);
			WebElement result = browser.findElement(By.cssSelector("#results li.result[data-document-id=\"legacy-script-link\"]"));
			assertThat(result.findElements(By.cssSelector("a"))).extracting((a) -> a.getDomAttribute("href"))
				.noneMatch((href) -> href != null && href.strip().toLowerCase().startsWith("javascript:"));
			assertThat(result.findElement(By.cssSelector(".meta")).getText()).contains("javascript:alert(document.domain)");
			assertThat(browser.findElements(By.cssSelector("#results a[href^=\"javascript\" i]"))).isEmpty();

			search("foghorn blasts in fog", 1);
			assertThat(browser.findElements(By.cssSelector("#results li.result .meta a")))
				.extracting((a) -> a.getDomAttribute("href"))
				.containsExactly("https://example.org/lighthouses");
		}
		finally {
			this.vectorStore.delete(List.of("legacy-script-link#0"));
		}
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
