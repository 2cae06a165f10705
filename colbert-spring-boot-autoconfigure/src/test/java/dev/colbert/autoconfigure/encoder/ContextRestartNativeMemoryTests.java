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

import dev.colbert.autoconfigure.TinyCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starting and closing the application context many times does not leak the encoder's native memory: resident memory
 * of a child JVM (fixed, pre-touched heap) stays bounded over restarts, while the same probe sees the growth of
 * encoders that are left open.
 *
 * <p>The test model has a 30,522 x 128 word embedding, 15.6 MB of fp32 weights in libtorch: one leaked model per
 * restart would add at least that much per round.
 */
class ContextRestartNativeMemoryTests {

	private static final long MODEL_BYTES = 30522L * 128 * 4;

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
		long[] rss = probe("restarts", 3, 10);
		long growth = rss[1] - rss[0];

		System.out.printf("RSS over 10 context restarts: %.1f MB -> %.1f MB (growth %.1f MB; one model %.1f MB)%n",
				rss[0] / 1e6, rss[1] / 1e6, growth / 1e6, MODEL_BYTES / 1e6);
		assertThat(growth).as("RSS growth over 10 restarts").isLessThan(4 * MODEL_BYTES);
	}

	@Test
	void theProbeSeesEncodersThatAreLeftOpen() throws Exception {
		long[] rss = probe("unclosed", 1, 4);
		long growth = rss[1] - rss[0];

		System.out.printf("RSS with 4 encoders left open: %.1f MB -> %.1f MB (growth %.1f MB)%n", rss[0] / 1e6,
				rss[1] / 1e6, growth / 1e6);
		assertThat(growth).as("RSS growth with 4 encoders left open").isGreaterThan(3 * MODEL_BYTES);
	}

	private static long[] probe(String mode, int warmUp, int rounds) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Path output = folder.resolve(mode + ".out");
		Process process = new ProcessBuilder(List.of(java.toString(), "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
				"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), NativeMemoryProbe.class.getName(),
				checkpoint.toString(), mode, Integer.toString(warmUp), Integer.toString(rounds)))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		String text = Files.readString(output, StandardCharsets.UTF_8);
		if (!finished) {
			process.destroyForcibly();
		}
		assertThat(finished).as("probe finished within 5 minutes; output:%n%s", text).isTrue();
		assertThat(process.exitValue()).as("probe exit code; output:%n%s", text).isZero();
		return new long[] { value(text, "BASELINE_RSS="), value(text, "FINAL_RSS=") };
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
