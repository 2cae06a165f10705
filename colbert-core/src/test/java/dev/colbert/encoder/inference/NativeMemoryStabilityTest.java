package dev.colbert.encoder.inference;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TestModels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Encodes 10,000 batches in a child JVM whose heap is fixed and pre-touched, so that any growth of its resident set
 * is native memory (tensors, tokenizer, staging buffers), and bounds that growth.
 */
class NativeMemoryStabilityTest {

	private static final int BATCHES = 10_000;

	private static final long MAX_GROWTH_KB = 16 * 1024;

	/** A leak of one small tensor per batch (about 6 KB) grows the resident set by 30 MB over 5,000 batches. */
	private static final long MAX_SECOND_HALF_GROWTH_KB = 4 * 1024;

	@TempDir
	Path temporary;

	@Test
	void residentSetStaysFlatOverTenThousandBatches() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read the resident set");
		Path checkpoint = TestModels.writeCheckpoint(this.temporary.resolve("ckpt"), TestModels.colbertSettings(16),
				31);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch",
				"-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=64m", "-cp", System.getProperty("java.class.path"),
				EncodingLoop.class.getName(), checkpoint.toString(), String.valueOf(BATCHES), "2000");
		builder.redirectErrorStream(true);
		Process process = builder.start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("RSS_") || line.startsWith("BATCHES") || line.contains("Exception")) {
					lines.add(line);
					System.out.println("encoding loop: " + line);
				}
			}
		}
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as("child output: %s", lines).isZero();
		long baseline = value(lines, "RSS_AFTER_WARMUP");
		long middle = value(lines, "RSS_AT " + BATCHES / 2);
		long end = value(lines, "RSS_END");
		System.out.printf("RSS after warm-up %d MB, after %d batches %d MB, after %d batches %d MB; growth %+d KB, "
				+ "second half %+d KB%n", baseline / 1024, BATCHES / 2, middle / 1024, BATCHES, end / 1024,
				end - baseline, end - middle);
		assertThat(lines).anyMatch((line) -> line.startsWith("BATCHES " + BATCHES));
		assertThat(end - baseline).as("resident set growth over %d batches, KB", BATCHES).isLessThan(MAX_GROWTH_KB);
		assertThat(end - middle).as("resident set growth over the last %d batches, KB", BATCHES / 2)
			.isLessThan(MAX_SECOND_HALF_GROWTH_KB);
	}

	private static long value(List<String> lines, String key) {
		return lines.stream()
			.filter((line) -> line.startsWith(key + " "))
			.mapToLong((line) -> Long.parseLong(line.substring(key.length() + 1).trim()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("child printed no " + key + ": " + lines));
	}

}
