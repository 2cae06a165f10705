package dev.colbert.opensearch.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code scripts/opensearch/opensearch-node.sh}, the one implementation of fetching, installing, starting and
 * stopping nodes (the same script serves people running a node by hand).
 *
 * <p>System properties (set by the module's failsafe configuration): {@code colbert.opensearch.script} (the script;
 * otherwise found by walking up from the working directory), {@code colbert.opensearch.distributionZip} and
 * {@code colbert.opensearch.knnZip} (the zips Maven resolved; otherwise the script resolves them itself),
 * {@code colbert.opensearch.pluginZip} (the ColBERT plugin the nodes install; none when unset).
 */
final class OpenSearchNodeScript {

	private final Path script;

	OpenSearchNodeScript() {
		this.script = locate();
	}

	private static Path locate() {
		String configured = System.getProperty("colbert.opensearch.script");
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured).toAbsolutePath().normalize();
			if (!Files.isRegularFile(path)) {
				throw new IllegalStateException("colbert.opensearch.script points to " + path + ", which does not exist");
			}
			return path;
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("scripts/opensearch/opensearch-node.sh");
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("scripts/opensearch/opensearch-node.sh not found above "
				+ Path.of("").toAbsolutePath() + ": set -Dcolbert.opensearch.script");
	}

	/** The folder node folders go in. */
	Path nodesDir() {
		return Path.of(singleValue(run(List.of("nodes-dir"), Duration.ofSeconds(30))));
	}

	/** Stops nodes left behind by test JVMs that died. */
	void cleanup() {
		run(List.of("cleanup"), Duration.ofSeconds(120));
	}

	/** Starts a node and returns the script's key=value answer (http, transport, pid, dir, log). */
	Map<String, String> start(Path dir, List<String> options, Duration timeout) {
		List<String> arguments = new ArrayList<>();
		arguments.add("start");
		arguments.add(dir.toString());
		arguments.addAll(options);
		arguments.add("--timeout");
		arguments.add(Long.toString(timeout.toSeconds()));
		arguments.add("--owner-pid");
		arguments.add(Long.toString(ProcessHandle.current().pid()));
		// Unpacking, plugin installation and start-up come on top of the health timeout.
		return keyValues(run(arguments, timeout.plusMinutes(5)));
	}

	/** Stops a node (SIGTERM, or SIGKILL with {@code kill}) and deletes its folder with {@code purge}. */
	void stop(Path dir, boolean kill, boolean purge) {
		List<String> arguments = new ArrayList<>(List.of("stop", dir.toString()));
		if (kill) {
			arguments.add("--kill");
		}
		if (purge) {
			arguments.add("--purge");
		}
		run(arguments, Duration.ofSeconds(90));
	}

	private String run(List<String> arguments, Duration timeout) {
		List<String> command = new ArrayList<>();
		command.add("bash");
		command.add(this.script.toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		zip("colbert.opensearch.distributionZip", "OPENSEARCH_DISTRIBUTION_ZIP", builder);
		zip("colbert.opensearch.knnZip", "OPENSEARCH_KNN_ZIP", builder);
		pluginZip(builder);
		Path stderr = null;
		try {
			stderr = Files.createTempFile("opensearch-node", ".log");
			builder.redirectError(stderr.toFile());
			builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
			Process process = builder.start();
			byte[] stdout = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(describe(command) + " did not finish within " + timeout + ":\n"
						+ Files.readString(stderr));
			}
			String errors = Files.readString(stderr);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(describe(command) + " failed with exit code " + process.exitValue()
						+ ":\n" + errors);
			}
			return new String(stdout, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + describe(command) + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + describe(command), ex);
		}
		finally {
			if (stderr != null) {
				try {
					Files.deleteIfExists(stderr);
				}
				catch (IOException ex) {
					// a temporary file: nothing to do
				}
			}
		}
	}

	private static void zip(String property, String variable, ProcessBuilder builder) {
		String path = System.getProperty(property);
		if (path != null && !path.isBlank() && !path.startsWith("${") && Files.isRegularFile(Path.of(path))) {
			builder.environment().put(variable, path);
		}
	}

	/** The ColBERT plugin's zip, which must exist when the property names it (the build sets it). */
	private static void pluginZip(ProcessBuilder builder) {
		String path = System.getProperty("colbert.opensearch.pluginZip");
		if (path == null || path.isBlank() || path.startsWith("${")) {
			return;
		}
		if (!Files.isRegularFile(Path.of(path))) {
			throw new IllegalStateException("colbert.opensearch.pluginZip points to " + path + ", which does not "
					+ "exist: package the plugin first (./mvnw -pl colbert-opensearch-plugin -am package -DskipTests)");
		}
		builder.environment().put("COLBERT_OPENSEARCH_PLUGIN_ZIP", path);
	}

	private static String describe(List<String> command) {
		return String.join(" ", command);
	}

	private static String singleValue(String output) {
		return output.strip();
	}

	private static Map<String, String> keyValues(String output) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
			}
		}
		return values;
	}

}
