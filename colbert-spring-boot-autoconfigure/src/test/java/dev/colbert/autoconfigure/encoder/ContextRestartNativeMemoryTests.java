package dev.colbert.autoconfigure.encoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.testing.TinyCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starting and closing the application context many times does not leak native memory or threads: resident memory
 * of a child JVM (fixed, pre-touched heap) running the whole stack (encoder, embedded index with a search pool, vector
 * store, retriever) stays bounded over restarts, and so does its thread count, while the same probe sees the growth of
 * encoders that are left open.
 *
 * <p>The test model has a 30,522 x 128 word embedding, 15.6 MB of fp32 weights in libtorch: one leaked model per
 * restart would add at least that much per round. The allowed growth is four models or a quarter of a model per
 * restart, whichever is more: the allocator's arenas and the JVM's metaspace and code cache grow a little at first
 * (measured: +30 MB over 10 restarts, +53 MB over 40, +72 MB over 120, of which 3 to 8 MB metaspace and code cache).
 *
 * <p>The default run restarts the context {@value #DEFAULT_RESTARTS} times (3 to 10 s each on a shared 2-core machine);
 * {@code -Dcolbert.test.restarts=120} runs a longer probe.
 */
class ContextRestartNativeMemoryTests {

	private static final long MODEL_BYTES = 30522L * 128 * 4;

	private static final int DEFAULT_RESTARTS = 6;

	private static final int RESTARTS = Integer.getInteger("colbert.test.restarts", DEFAULT_RESTARTS);

	/** Generous: a context start takes 40 s on a 2-core machine running 50 other processes. */
	private static final int TIMEOUT_MINUTES = 15 + RESTARTS / 2;

	@TempDir
	static Path folder;

	static Path checkpoint;

	@BeforeAll
	static void writeCheckpoint() {
		assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "resident memory is read from /proc (Linux only)");
		checkpoint = TinyCheckpoints.write(folder.resolve("model"), 128, 2, 32, 11);
	}

	@Test
	void residentMemoryStaysBoundedOverContextRestarts() throws Exception {
		long[] rss = probe("restarts", 2, RESTARTS);
		long growth = rss[1] - rss[0];
		long allowed = Math.max(4 * MODEL_BYTES, RESTARTS * MODEL_BYTES / 4);

		System.out.printf("RSS over %d context restarts: %.1f MB -> %.1f MB (growth %.1f MB, allowed %.1f MB, of which "
				+ "JVM metaspace and code cache %.1f MB; one model %.1f MB); Java threads %d -> %d, OS threads %d -> %d%n",
				RESTARTS, rss[0] / 1e6, rss[1] / 1e6, growth / 1e6, allowed / 1e6, (rss[5] - rss[4]) / 1e6,
				MODEL_BYTES / 1e6, rss[2], rss[3], rss[6], rss[7]);
		assertThat(growth).as("RSS growth over %d restarts", RESTARTS).isLessThan(allowed);
		assertThat(rss[3]).as("live Java threads after %d restarts", RESTARTS).isLessThanOrEqualTo(rss[2] + 2);
	}

	@Test
	void theProbeSeesEncodersThatAreLeftOpen() throws Exception {
		long[] rss = probe("unclosed", 1, 3);
		long growth = rss[1] - rss[0];

		System.out.printf("RSS with 3 encoders left open: %.1f MB -> %.1f MB (growth %.1f MB)%n", rss[0] / 1e6,
				rss[1] / 1e6, growth / 1e6);
		assertThat(growth).as("RSS growth with 3 encoders left open").isGreaterThan(2 * MODEL_BYTES);
	}

	private static long[] probe(String mode, int warmUp, int rounds) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Path output = folder.resolve(mode + ".out");
		ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xms256m", "-Xmx256m",
				"-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				NativeMemoryProbe.class.getName(), checkpoint.toString(), mode, Integer.toString(warmUp),
				Integer.toString(rounds)))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		// glibc gives new threads new malloc arenas (up to 8 per core): their first use grows resident memory without
		// any leak; two arenas keep that noise out of the measurement.
		builder.environment().put("MALLOC_ARENA_MAX", "2");
		Process process = builder.start();
		boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
		String text = Files.readString(output, StandardCharsets.UTF_8);
		if (!finished) {
			process.destroyForcibly();
		}
		assertThat(finished).as("probe finished within %d minutes; output:%n%s", TIMEOUT_MINUTES, text).isTrue();
		assertThat(process.exitValue()).as("probe exit code; output:%n%s", text).isZero();
		return new long[] { value(text, "BASELINE_RSS="), value(text, "FINAL_RSS="), value(text, "BASELINE_THREADS="),
				value(text, "FINAL_THREADS="), value(text, "BASELINE_JVM_NON_HEAP="), value(text, "FINAL_JVM_NON_HEAP="),
				value(text, "BASELINE_OS_THREADS="), value(text, "FINAL_OS_THREADS=") };
	}

	private static long value(String text, String key) {
		for (String line : text.split("\n")) {
			if (line.startsWith(key)) {
				return Long.parseLong(line.substring(key.length()).trim());
			}
		}
		throw new IllegalStateException("probe output has no " + key + ":\n" + text);
	}

}
