package dev.colbert.encoder.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.checkpoint.CheckpointFiles;
import dev.colbert.encoder.checkpoint.ColbertCheckpointReader;

/**
 * Downloads a ColBERT checkpoint from a HuggingFace hub endpoint into a local cache, once, with checksums.
 *
 * <p>Protocol (as huggingface.co serves it): {@code GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true}
 * lists the files of the revision with their size, git blob id and, for LFS files such as model.safetensors,
 * {@code lfs.sha256}; the commit it returns pins every download to one commit. Files come from
 * {@code GET {endpoint}/{repo}/resolve/{commit}/{file}}; LFS files redirect to a CDN, and the redirect carries
 * {@code X-Linked-Etag} (the sha256) and {@code X-Linked-Size}, which are checked too. Every file is verified: sha256
 * for LFS files, the git blob sha1 ({@code blobId}, or the {@code ETag}) for the others, and its size. A file without
 * any checksum, a mismatch or a short body is refused.
 *
 * <p>Cache layout: {@code {cacheDirectory}/{org}--{name}/{revision}/} holds the files and {@code .manifest.json}
 * (commit, sizes, sha256s). Downloads go to a temporary folder next to it, which is renamed into place only after all
 * files are verified; a complete folder is used without any network access. A branch such as {@code main} is therefore
 * resolved once: pin a commit ({@code org/name@<sha>}) for reproducibility, or delete the folder to refresh.
 *
 * <p>Bounds: the timeout applies to connecting, to the wait for each response's headers and to every read of a body
 * (a download that receives no byte for that long fails); a body is cut off as soon as more than its announced size
 * has arrived (the revision info's size, else {@code X-Linked-Size} or {@code Content-Length}), or more than
 * {@value #UNANNOUNCED_SIZE_LIMIT} bytes when no size was announced, so that a server cannot fill the disk.
 */
public final class HubModelDownloader {

	/** Files a ColBERT checkpoint needs. */
	public static final List<String> REQUIRED_FILES = ColbertCheckpointReader.REQUIRED_FILES;

	/** Files downloaded too when the repository has them. */
	public static final List<String> OPTIONAL_FILES = List.of("vocab.txt", "tokenizer_config.json",
			"special_tokens_map.json");

	static final String MANIFEST = ".manifest.json";

	/** The most bytes a file whose size nobody announced may have (4 GiB; ColBERT checkpoints are far smaller). */
	static final long UNANNOUNCED_SIZE_LIMIT = 4L << 30;

	private static final Logger logger = LoggerFactory.getLogger(HubModelDownloader.class);

	private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

	private final URI endpoint;

	private final Path cacheDirectory;

	private final String token;

	private final Duration timeout;

	private final HttpClient client;

	/**
	 * @param endpoint the hub, e.g. {@code https://huggingface.co}
	 * @param cacheDirectory where models are kept
	 * @param token bearer token for private repositories, or {@code null}
	 * @param timeout connect timeout, time allowed until response headers arrive, and the longest wait for the next
	 * bytes of a body
	 */
	public HubModelDownloader(URI endpoint, Path cacheDirectory, String token, Duration timeout) {
		this.endpoint = endpoint;
		this.cacheDirectory = cacheDirectory;
		this.token = token;
		this.timeout = timeout;
		this.client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * A checkpoint folder in the cache.
	 *
	 * @param folder the folder with the checkpoint files
	 * @param commit the commit the files came from, or the revision when the hub did not say
	 * @param weightsSha256 the verified sha256 of model.safetensors
	 */
	public record CachedCheckpoint(Path folder, String commit, String weightsSha256) {

	}

	/**
	 * Returns the cached checkpoint, downloading it first when the cache lacks it.
	 * @param repository {@code org/name}
	 * @param revision branch, tag or commit
	 * @throws ModelLoadException naming the repository, file and problem when the download fails or is refused
	 */
	public CachedCheckpoint resolve(String repository, String revision) {
		Path repositoryFolder = this.cacheDirectory.resolve(repository.replace("/", "--"));
		Path folder = repositoryFolder.resolve(URLEncoder.encode(revision, StandardCharsets.UTF_8));
		Optional<CachedCheckpoint> cached = readCache(folder);
		if (cached.isPresent()) {
			logger.info("Using cached {}@{} from {}", repository, revision, folder);
			return cached.get();
		}
		try {
			Files.createDirectories(repositoryFolder);
		}
		catch (IOException ex) {
			throw new ModelLoadException("cache folder " + repositoryFolder + ": cannot be created ("
					+ ex.getMessage() + "); set the encoder's cacheDirectory to a writable folder", ex);
		}
		return download(repository, revision, repositoryFolder, folder);
	}

	private Optional<CachedCheckpoint> readCache(Path folder) {
		Path manifestFile = folder.resolve(MANIFEST);
		if (!Files.isRegularFile(manifestFile)) {
			return Optional.empty();
		}
		try {
			JsonObject manifest = JsonParser.parseString(Files.readString(manifestFile)).getAsJsonObject();
			JsonObject files = manifest.getAsJsonObject("files");
			for (Map.Entry<String, JsonElement> file : files.entrySet()) {
				Path path = folder.resolve(file.getKey());
				long size = file.getValue().getAsJsonObject().get("size").getAsLong();
				if (!Files.isRegularFile(path) || Files.size(path) != size) {
					throw new ModelLoadException(path + ": is missing or has another size than the " + size
							+ " bytes verified at download; the cache is damaged. Delete " + folder
							+ " to download the model again");
				}
			}
			String weightsSha256 = files.getAsJsonObject(CheckpointFiles.WEIGHTS).get("sha256").getAsString();
			return Optional.of(new CachedCheckpoint(folder, manifest.get("commit").getAsString(), weightsSha256));
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof ModelLoadException loadException) {
				throw loadException;
			}
			throw new ModelLoadException(manifestFile + ": unreadable (" + ex.getMessage() + "); delete " + folder
					+ " to download the model again", ex);
		}
	}

	private CachedCheckpoint download(String repository, String revision, Path repositoryFolder, Path folder) {
		Optional<RevisionInfo> info = revisionInfo(repository, revision);
		String commit = info.map(RevisionInfo::commit).orElse(revision);
		List<String> files = new ArrayList<>(REQUIRED_FILES);
		if (info.isPresent()) {
			Map<String, FileInfo> siblings = info.get().files();
			checkRequiredFiles(repository, revision, siblings);
			OPTIONAL_FILES.stream().filter(siblings::containsKey).forEach(files::add);
		}
		Path temporary;
		try {
			temporary = Files.createTempDirectory(repositoryFolder, ".download-");
		}
		catch (IOException ex) {
			throw new ModelLoadException("cache folder " + repositoryFolder + ": cannot be written (" + ex.getMessage()
					+ ")", ex);
		}
		try {
			JsonObject manifestFiles = new JsonObject();
			for (String file : files) {
				FileInfo expected = info.map((i) -> i.files().get(file)).orElse(null);
				Verified verified = downloadFile(repository, commit, file, expected, temporary.resolve(file));
				JsonObject entry = new JsonObject();
				entry.addProperty("size", verified.size());
				entry.addProperty("sha256", verified.sha256());
				manifestFiles.add(file, entry);
			}
			JsonObject manifest = new JsonObject();
			manifest.addProperty("repository", repository);
			manifest.addProperty("revision", revision);
			manifest.addProperty("commit", commit);
			manifest.addProperty("endpoint", this.endpoint.toString());
			manifest.addProperty("downloaded", Instant.now().toString());
			manifest.add("files", manifestFiles);
			Files.writeString(temporary.resolve(MANIFEST),
					new GsonBuilder().setPrettyPrinting().create().toJson(manifest));
			try {
				Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				if (!Files.isRegularFile(folder.resolve(MANIFEST))) {
					throw ex;
				}
				logger.info("{} was downloaded concurrently; using that copy", folder);
			}
			return readCache(folder).orElseThrow(
					() -> new ModelLoadException(folder + ": the download was moved into place but has no manifest"));
		}
		catch (IOException ex) {
			throw new ModelLoadException("cache folder " + repositoryFolder + ": cannot be written (" + ex.getMessage()
					+ ")", ex);
		}
		finally {
			deleteRecursively(temporary);
		}
	}

	private void checkRequiredFiles(String repository, String revision, Map<String, FileInfo> siblings) {
		for (String file : REQUIRED_FILES) {
			if (siblings.containsKey(file)) {
				continue;
			}
			String hint = "";
			if (file.equals(CheckpointFiles.WEIGHTS) && siblings.containsKey("pytorch_model.bin")) {
				hint = "; it only has pytorch_model.bin, and the weights must be safetensors: convert them "
						+ "(AutoModel.from_pretrained(...).save_pretrained(path, safe_serialization=True)) and use "
						+ "the folder, or pick a revision that has model.safetensors";
			}
			throw new ModelLoadException("hub repository " + repository + "@" + revision + " at " + this.endpoint
					+ ": has no " + file + " (a ColBERT checkpoint needs " + String.join(", ", REQUIRED_FILES)
					+ "; the repository has " + new ArrayList<>(siblings.keySet()) + ")" + hint);
		}
	}

	private Optional<RevisionInfo> revisionInfo(String repository, String revision) {
		URI uri = URI.create(this.endpoint + "/api/models/" + repository + "/revision/"
				+ URLEncoder.encode(revision, StandardCharsets.UTF_8) + "?blobs=true");
		HttpResponse<String> response;
		try {
			response = this.client.send(request(uri), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new ModelLoadException("hub " + this.endpoint + ": cannot be reached (" + ex.getMessage()
					+ ") to download " + repository + "@" + revision + "; check the endpoint and the network, or use "
					+ "a local checkpoint folder", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ModelLoadException("interrupted while downloading " + repository, ex);
		}
		int status = response.statusCode();
		if (status == 401 || status == 403) {
			throw new ModelLoadException("hub repository " + repository + " at " + this.endpoint + ": access denied "
					+ "(HTTP " + status + "); set the hub token for private or gated repositories");
		}
		if (status == 404) {
			throw new ModelLoadException("hub repository " + repository + " revision " + revision + " not found at "
					+ this.endpoint + " (HTTP 404)");
		}
		if (status != 200) {
			logger.warn("{} answered HTTP {}; files will be verified with the checksums in their response headers",
					uri, status);
			return Optional.empty();
		}
		try {
			JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
			Map<String, FileInfo> files = new LinkedHashMap<>();
			if (json.has("siblings")) {
				for (JsonElement sibling : json.getAsJsonArray("siblings")) {
					JsonObject object = sibling.getAsJsonObject();
					String name = object.get("rfilename").getAsString();
					Long size = object.has("size") ? object.get("size").getAsLong() : null;
					String blobId = object.has("blobId") ? object.get("blobId").getAsString() : null;
					String sha256 = null;
					if (object.has("lfs") && object.get("lfs").isJsonObject()) {
						JsonObject lfs = object.getAsJsonObject("lfs");
						sha256 = lfs.has("sha256") ? lfs.get("sha256").getAsString() : null;
						size = lfs.has("size") ? lfs.get("size").getAsLong() : size;
					}
					files.put(name, new FileInfo(size, sha256, blobId));
				}
			}
			String commit = json.has("sha") ? json.get("sha").getAsString() : revision;
			return Optional.of(new RevisionInfo(commit, files));
		}
		catch (JsonParseException | IllegalStateException | UnsupportedOperationException ex) {
			throw new ModelLoadException(uri + ": unreadable answer (" + ex.getMessage() + ")", ex);
		}
	}

	private Verified downloadFile(String repository, String commit, String file, FileInfo expected, Path target)
			throws IOException {
		URI uri = URI.create(this.endpoint + "/" + repository + "/resolve/"
				+ URLEncoder.encode(commit, StandardCharsets.UTF_8) + "/" + file);
		HttpResponse<InputStream> response = null;
		HttpHeaders firstHeaders = null;
		URI current = uri;
		for (int redirects = 0; redirects <= 10; redirects++) {
			try {
				response = this.client.send(request(current), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ModelLoadException("interrupted while downloading " + file, ex);
			}
			catch (IOException ex) {
				throw new ModelLoadException(file + ": download from " + current + " failed (" + ex.getMessage() + ")",
						ex);
			}
			if (firstHeaders == null) {
				firstHeaders = response.headers();
			}
			int status = response.statusCode();
			if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
				response.body().close();
				current = current.resolve(response.headers().firstValue("location").get());
				continue;
			}
			break;
		}
		if (response.statusCode() != 200) {
			response.body().close();
			throw new ModelLoadException(file + ": download from " + uri + " failed with HTTP " + response.statusCode());
		}
		String linkedSha256 = etag(firstHeaders, "x-linked-etag").filter(HubModelDownloader::isSha256).orElse(null);
		String etag = etag(firstHeaders, "etag").orElse(null);
		Long expectedSize = (expected != null && expected.size() != null) ? expected.size()
				: firstHeaders.firstValue("x-linked-size").map(Long::parseLong)
					.orElse(response.headers().firstValueAsLong("content-length").isPresent()
							? response.headers().firstValueAsLong("content-length").getAsLong() : null);
		String expectedSha256 = (expected != null && expected.sha256() != null) ? expected.sha256() : linkedSha256;
		String expectedBlobId = (expected != null && expected.blobId() != null) ? expected.blobId()
				: (etag != null && etag.length() == 40 && isHex(etag)) ? etag : null;
		if (expectedSha256 == null && etag != null && isSha256(etag)) {
			expectedSha256 = etag;
		}
		if (expectedSha256 == null && expectedBlobId == null) {
			response.body().close();
			throw new ModelLoadException(file + ": " + this.endpoint + " gives no checksum for it (no lfs.sha256 or "
					+ "blobId in the revision info, no X-Linked-Etag or ETag header); refusing an unverified download");
		}
		if (linkedSha256 != null && expectedSha256 != null && !linkedSha256.equalsIgnoreCase(expectedSha256)) {
			response.body().close();
			throw new ModelLoadException(file + ": the hub lists sha256 " + expectedSha256
					+ " but the download link says " + linkedSha256 + "; refusing it");
		}
		MessageDigest sha256 = digest("SHA-256");
		long size = copy(response.body(), target, file, uri, expectedSize, sha256);
		String actualSha256 = HexFormat.of().formatHex(sha256.digest());
		if (expectedSize != null && size != expectedSize) {
			throw new ModelLoadException(file + ": downloaded " + size + " bytes from " + uri + " but " + expectedSize
					+ " were announced; the download is incomplete or corrupt and was discarded");
		}
		if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actualSha256)) {
			throw new ModelLoadException(file + ": checksum mismatch, expected sha256 " + expectedSha256 + " but the "
					+ "download from " + uri + " has " + actualSha256 + "; the file is corrupt and was discarded");
		}
		if (expectedSha256 == null) {
			byte[] header = ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII);
			MessageDigest blob = digest("SHA-1");
			blob.update(header);
			blob.update(Files.readAllBytes(target));
			String actualBlobId = HexFormat.of().formatHex(blob.digest());
			if (!expectedBlobId.equalsIgnoreCase(actualBlobId)) {
				throw new ModelLoadException(file + ": checksum mismatch, expected git blob id " + expectedBlobId
						+ " but the download from " + uri + " has " + actualBlobId
						+ "; the file is corrupt and was discarded");
			}
		}
		return new Verified(size, actualSha256);
	}

	private long copy(InputStream body, Path target, String file, URI uri, Long expectedSize, MessageDigest sha256)
			throws IOException {
		long limit = (expectedSize != null) ? expectedSize : UNANNOUNCED_SIZE_LIMIT;
		long start = System.nanoTime();
		long lastLog = start;
		long total = 0;
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = body;
				OutputStream out = Files.newOutputStream(target);
				IdleReadDeadline deadline = new IdleReadDeadline(this.timeout, in)) {
			int read;
			while ((read = read(in, buffer, deadline, file, uri)) >= 0) {
				deadline.progressed();
				total += read;
				if (total > limit) {
					throw new ModelLoadException(file + ": the download from " + uri + " sent more than the " + limit
							+ " bytes " + ((expectedSize != null) ? "announced" : "allowed for a file of unannounced size")
							+ "; it was cut off and discarded");
				}
				out.write(buffer, 0, read);
				sha256.update(buffer, 0, read);
				long now = System.nanoTime();
				if (now - lastLog >= PROGRESS_INTERVAL.toNanos()) {
					lastLog = now;
					logProgress(file, total, expectedSize, now - start);
				}
			}
			if (deadline.expired()) {
				throw idle(file, uri, total);
			}
		}
		double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
		logger.info("Downloaded {} ({} in {} s, {}/s)", file, megabytes(total), String.format(Locale.ROOT, "%.1f", seconds),
				megabytes((long) (total / seconds)));
		return total;
	}

	/** One read, reported as a timeout when the deadline ended it. */
	private int read(InputStream in, byte[] buffer, IdleReadDeadline deadline, String file, URI uri)
			throws IOException {
		try {
			return in.read(buffer);
		}
		catch (IOException ex) {
			if (deadline.expired()) {
				throw idle(file, uri, -1);
			}
			throw ex;
		}
	}

	private ModelLoadException idle(String file, URI uri, long received) {
		return new ModelLoadException(file + ": no data for " + timeoutText() + " from " + uri
				+ ((received >= 0) ? " after " + received + " bytes" : "") + " (colbert.encoder.hub.timeout); the "
				+ "download was abandoned and discarded");
	}

	private String timeoutText() {
		Duration timeout = this.timeout;
		return (timeout.toMillis() % 1000 == 0) ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
	}

	private static void logProgress(String file, long done, Long expected, long elapsedNanos) {
		double seconds = elapsedNanos / 1e9;
		double rate = done / seconds;
		if (expected != null && expected > 0) {
			double eta = (expected - done) / Math.max(rate, 1);
			logger.info("Downloading {}: {} of {} ({}%), {}/s, ETA {} s", file, megabytes(done), megabytes(expected),
					done * 100 / expected, megabytes((long) rate), String.format(Locale.ROOT, "%.0f", eta));
		}
		else {
			logger.info("Downloading {}: {}, {}/s", file, megabytes(done), megabytes((long) rate));
		}
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}

	private HttpRequest request(URI uri) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(this.timeout).GET();
		builder.header("User-Agent", "colbert-java");
		if (this.token != null && this.endpoint.getHost().equalsIgnoreCase(uri.getHost())) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		return builder.build();
	}

	private static Optional<String> etag(HttpHeaders headers, String name) {
		return headers.firstValue(name).map((value) -> {
			String v = value.trim();
			if (v.startsWith("W/")) {
				v = v.substring(2);
			}
			if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
				v = v.substring(1, v.length() - 1);
			}
			return v.toLowerCase(Locale.ROOT);
		});
	}

	private static boolean isSha256(String value) {
		return value.length() == 64 && isHex(value);
	}

	private static boolean isHex(String value) {
		return value.chars().allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
	}

	private static MessageDigest digest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(algorithm + " is not available", ex);
		}
	}

	private static void deleteRecursively(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					logger.debug("Could not delete {}", path, ex);
				}
			});
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", folder, ex);
		}
	}

	private record RevisionInfo(String commit, Map<String, FileInfo> files) {

	}

	private record FileInfo(Long size, String sha256, String blobId) {

	}

	private record Verified(long size, String sha256) {

	}

}
