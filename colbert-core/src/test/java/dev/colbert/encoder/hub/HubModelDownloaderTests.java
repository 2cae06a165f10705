package dev.colbert.encoder.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.TokenVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hub downloads against a local HTTP server that serves the HuggingFace layout: the revision API with sizes, blob ids
 * and LFS sha256s, {@code resolve} URLs, and a redirect with {@code X-Linked-Etag} for the LFS weights.
 */
class HubModelDownloaderTests {

	private static final String REPOSITORY = "test-org/tiny-colbert";

	private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

	@TempDir
	Path temporary;

	private HttpServer server;

	private final Map<String, byte[]> served = new LinkedHashMap<>();

	private final Map<String, byte[]> advertised = new LinkedHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private Path checkpoint;

	private ExecutorService handlers;

	/** How the CDN misbehaves for model.safetensors, or {@code null} to serve it correctly. */
	private volatile Misbehaviour cdnMisbehaviour;

	/** Released when a test ends, so that a stalled handler returns. */
	private final CountDownLatch release = new CountDownLatch(1);

	/** Bytes of the misbehaving body the server managed to write, set when its handler ends. */
	private final AtomicLong misbehavingBytesWritten = new AtomicLong(-1);

	private final CountDownLatch misbehaviourEnded = new CountDownLatch(1);

	private enum Misbehaviour {

		/** Sends the headers and the first half of the body, then nothing. */
		STALL,

		/** Sends a body with no end (chunked), up to {@link #ENDLESS_CAP} bytes. */
		ENDLESS

	}

	private static final long ENDLESS_CAP = 128L << 20;

	@BeforeEach
	void startServer() throws IOException {
		this.checkpoint = TestModels.writeCheckpoint(this.temporary.resolve("source"), TestModels.colbertSettings(16),
				21);
		for (String file : List.of("config.json", "tokenizer.json", "model.safetensors", "artifact.metadata")) {
			byte[] content = Files.readAllBytes(this.checkpoint.resolve(file));
			this.served.put(file, content);
			this.advertised.put(file, content);
		}
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.handlers = Executors.newCachedThreadPool();
		this.server.setExecutor(this.handlers);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.release.countDown();
		if (this.server != null) {
			this.server.stop(0);
		}
		this.handlers.shutdownNow();
	}

	private URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	private EncoderOptions options() {
		return EncoderOptions.builder().hubEndpoint(endpoint()).cacheDirectory(this.temporary.resolve("cache")).build();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		this.requests.add(path);
		String api = "/api/models/" + REPOSITORY + "/revision/main";
		String resolve = "/" + REPOSITORY + "/resolve/" + COMMIT + "/";
		String cdn = "/cdn/";
		if (path.equals(api)) {
			respond(exchange, 200, revisionInfo().toString().getBytes(StandardCharsets.UTF_8), Map.of());
		}
		else if (path.startsWith(resolve)) {
			String file = path.substring(resolve.length());
			byte[] content = this.served.get(file);
			if (content == null) {
				respond(exchange, 404, new byte[0], Map.of());
			}
			else if (file.endsWith(".safetensors")) {
				respond(exchange, 302, new byte[0], Map.of("Location", cdn + file, "X-Linked-Etag",
						"\"" + sha256(this.advertised.get(file)) + "\"", "X-Linked-Size",
						String.valueOf(this.advertised.get(file).length)));
			}
			else {
				respond(exchange, 200, content, Map.of("ETag", "\"" + gitBlobId(this.advertised.get(file)) + "\""));
			}
		}
		else if (path.startsWith(cdn) && this.cdnMisbehaviour != null) {
			misbehave(exchange, this.served.get(path.substring(cdn.length())));
		}
		else if (path.startsWith(cdn)) {
			respond(exchange, 200, this.served.get(path.substring(cdn.length())), Map.of());
		}
		else {
			respond(exchange, 404, new byte[0], Map.of());
		}
	}

	private void misbehave(HttpExchange exchange, byte[] content) throws IOException {
		long written = 0;
		try (OutputStream out = exchange.getResponseBody()) {
			if (this.cdnMisbehaviour == Misbehaviour.STALL) {
				exchange.sendResponseHeaders(200, content.length);
				out.write(content, 0, content.length / 2);
				out.flush();
				written = content.length / 2;
				this.release.await();
			}
			else {
				exchange.sendResponseHeaders(200, 0);
				byte[] block = new byte[1 << 16];
				while (written < ENDLESS_CAP) {
					out.write(block);
					written += block.length;
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client gave up: what matters is how much had been written by then
		}
		finally {
			this.misbehavingBytesWritten.set(written);
			this.misbehaviourEnded.countDown();
			exchange.close();
		}
	}

	private JsonObject revisionInfo() {
		JsonObject info = new JsonObject();
		info.addProperty("id", REPOSITORY);
		info.addProperty("sha", COMMIT);
		JsonArray siblings = new JsonArray();
		for (Map.Entry<String, byte[]> file : this.advertised.entrySet()) {
			JsonObject sibling = new JsonObject();
			sibling.addProperty("rfilename", file.getKey());
			sibling.addProperty("size", file.getValue().length);
			sibling.addProperty("blobId", gitBlobId(file.getValue()));
			if (file.getKey().endsWith(".safetensors") || file.getKey().endsWith(".bin")) {
				JsonObject lfs = new JsonObject();
				lfs.addProperty("sha256", sha256(file.getValue()));
				lfs.addProperty("size", file.getValue().length);
				lfs.addProperty("pointerSize", 134);
				sibling.add("lfs", lfs);
			}
			siblings.add(sibling);
		}
		info.add("siblings", siblings);
		return info;
	}

	private static void respond(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
			throws IOException {
		headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Test
	void downloadsOnceVerifiesAndLoadsFromTheCacheWithoutNetwork() throws Exception {
		TokenVectors first;
		try (ColbertEncoder encoder = ColbertEncoders.load("hf:" + REPOSITORY, options());
				ColbertEncoder local = ColbertEncoders.load(this.checkpoint.toString(), EncoderOptions.defaults())) {
			first = encoder.encodeQuery("late interaction");
			assertThat(first.data()).isEqualTo(local.encodeQuery("late interaction").data());
			assertThat(encoder.info().fingerprint()).isEqualTo(local.info().fingerprint());
			assertThat(encoder.info().source()).isEqualTo("hf:" + REPOSITORY);
		}
		assertThat(this.requests).contains("/api/models/" + REPOSITORY + "/revision/main",
				"/" + REPOSITORY + "/resolve/" + COMMIT + "/model.safetensors", "/cdn/model.safetensors");
		Path cached = this.temporary.resolve("cache/test-org--tiny-colbert/main");
		assertThat(cached.resolve("model.safetensors")).hasSameBinaryContentAs(this.checkpoint.resolve("model.safetensors"));
		assertThat(cached.resolve(HubModelDownloader.MANIFEST)).content().contains(COMMIT);

		EncoderOptions options = options();
		this.server.stop(0);
		this.server = null;
		try (ColbertEncoder again = ColbertEncoders.load(REPOSITORY, options)) {
			assertThat(again.encodeQuery("late interaction").data()).isEqualTo(first.data());
		}
		try (Stream<Path> leftovers = Files.list(this.temporary.resolve("cache/test-org--tiny-colbert"))) {
			assertThat(leftovers.map((p) -> p.getFileName().toString())).containsExactly("main");
		}
	}

	@Test
	void corruptedWeightsAreRefusedAndNothingIsCached() throws Exception {
		byte[] corrupted = this.served.get("model.safetensors").clone();
		corrupted[corrupted.length / 2] ^= 0x5a;
		this.served.put("model.safetensors", corrupted);
		assertThatThrownBy(() -> ColbertEncoders.load("hf:" + REPOSITORY, options()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("model.safetensors")
			.hasMessageContaining("checksum mismatch")
			.hasMessageContaining(sha256(this.advertised.get("model.safetensors")));
		assertThat(this.temporary.resolve("cache/test-org--tiny-colbert/main")).doesNotExist();
		try (Stream<Path> leftovers = Files.list(this.temporary.resolve("cache/test-org--tiny-colbert"))) {
			assertThat(leftovers).isEmpty();
		}
	}

	@Test
	void corruptedSmallFileIsRefusedByItsGitBlobId() {
		byte[] config = this.served.get("config.json").clone();
		config[10] ^= 0x01;
		this.served.put("config.json", config);
		assertThatThrownBy(() -> ColbertEncoders.load("hf:" + REPOSITORY, options()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("config.json")
			.hasMessageContaining("git blob id");
	}

	@Test
	void truncatedDownloadIsRefused() {
		byte[] weights = this.served.get("model.safetensors");
		this.served.put("model.safetensors", java.util.Arrays.copyOf(weights, weights.length - 100));
		assertThatThrownBy(() -> ColbertEncoders.load("hf:" + REPOSITORY, options()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("model.safetensors")
			.hasMessageContaining("downloaded " + (weights.length - 100) + " bytes");
	}

	@Test
	void cachedWeightsThatChangedLaterAreRefusedAtLoad() throws Exception {
		try (ColbertEncoder encoder = ColbertEncoders.load("hf:" + REPOSITORY, options())) {
			assertThat(encoder.info().dim()).isEqualTo(16);
		}
		Path cachedWeights = this.temporary.resolve("cache/test-org--tiny-colbert/main/model.safetensors");
		byte[] bytes = Files.readAllBytes(cachedWeights);
		bytes[bytes.length - 3] ^= 0x11;
		Files.write(cachedWeights, bytes);
		assertThatThrownBy(() -> ColbertEncoders.load("hf:" + REPOSITORY, options()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("model.safetensors")
			.hasMessageContaining("was verified when it was downloaded");
	}

	@Test
	void repositoryWithOnlyPytorchBinExplainsTheConversion() {
		this.advertised.remove("model.safetensors");
		this.advertised.put("pytorch_model.bin", new byte[] { 1, 2, 3 });
		assertThatThrownBy(() -> ColbertEncoders.load("hf:" + REPOSITORY, options()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("has no model.safetensors")
			.hasMessageContaining("pytorch_model.bin")
			.hasMessageContaining("safe_serialization=True");
	}

	@Test
	void stalledDownloadFailsOnceNoByteArrivedForTheTimeout() {
		this.cdnMisbehaviour = Misbehaviour.STALL;
		HubModelDownloader downloader = new HubModelDownloader(endpoint(), this.temporary.resolve("cache"), null,
				Duration.ofSeconds(1));
		long start = System.nanoTime();
		assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> assertThatThrownBy(() -> downloader.resolve(REPOSITORY, "main"))
					.isInstanceOf(ModelLoadException.class)
					.hasMessageContaining("model.safetensors")
					.hasMessageContaining("no data for 1s")
					.hasMessageContaining("colbert.encoder.hub.timeout"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		assertThat(this.temporary.resolve("cache/test-org--tiny-colbert/main")).doesNotExist();
	}

	@Test
	void endlessBodyIsCutOffOnceMoreThanTheAnnouncedSizeArrived() throws Exception {
		this.cdnMisbehaviour = Misbehaviour.ENDLESS;
		long announced = this.advertised.get("model.safetensors").length;
		HubModelDownloader downloader = new HubModelDownloader(endpoint(), this.temporary.resolve("cache"), null,
				Duration.ofSeconds(30));
		assertTimeoutPreemptively(Duration.ofSeconds(120),
				() -> assertThatThrownBy(() -> downloader.resolve(REPOSITORY, "main"))
					.isInstanceOf(ModelLoadException.class)
					.hasMessageContaining("model.safetensors")
					.hasMessageContaining("more than the " + announced + " bytes announced"));
		assertThat(this.misbehaviourEnded.await(30, TimeUnit.SECONDS)).isTrue();
		// the client stopped reading at the announced size: the server could only fill the socket buffers after it
		assertThat(this.misbehavingBytesWritten.get()).isLessThan(announced + (32L << 20));
		assertThat(this.temporary.resolve("cache/test-org--tiny-colbert/main")).doesNotExist();
		try (Stream<Path> leftovers = Files.list(this.temporary.resolve("cache/test-org--tiny-colbert"))) {
			assertThat(leftovers).isEmpty();
		}
	}

	@Test
	void unknownRepositoryIsReported() {
		assertThatThrownBy(() -> ColbertEncoders.load("hf:test-org/missing", options()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("test-org/missing")
			.hasMessageContaining("not found")
			.hasMessageContaining("404");
	}

	@Test
	void unreachableEndpointIsReported() throws Exception {
		this.server.stop(0);
		this.server = null;
		EncoderOptions unreachable = EncoderOptions.builder()
			.hubEndpoint(URI.create("http://127.0.0.1:9"))
			.cacheDirectory(this.temporary.resolve("cache"))
			.build();
		assertThatThrownBy(() -> ColbertEncoders.load("hf:" + REPOSITORY, unreachable))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("cannot be reached");
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String gitBlobId(byte[] content) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(sha1.digest(content));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
