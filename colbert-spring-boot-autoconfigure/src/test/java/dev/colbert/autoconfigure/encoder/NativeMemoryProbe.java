package dev.colbert.autoconfigure.encoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;

/**
 * Run in a child JVM with a fixed, pre-touched heap (so heap growth does not show as resident memory) by
 * {@link ContextRestartNativeMemoryTests}. Arguments: the checkpoint folder, the mode ({@code restarts}: start and
 * close a context with the auto-configured encoder; {@code unclosed}: load encoders and keep them open), the warm-up
 * rounds and the measured rounds. Prints {@code BASELINE_RSS=} and {@code FINAL_RSS=} in bytes.
 */
public final class NativeMemoryProbe {

	private NativeMemoryProbe() {
	}

	public static void main(String[] args) throws IOException {
		Path checkpoint = Path.of(args[0]);
		String mode = args[1];
		int warmUp = Integer.parseInt(args[2]);
		int rounds = Integer.parseInt(args[3]);
		ApplicationContextRunner contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertEncoderAutoConfiguration.class))
			.withPropertyValues("colbert.model=" + checkpoint);
		for (int i = 0; i < warmUp; i++) {
			contextRunner.run((context) -> encodeSomething(context.getBean(ColbertEncoder.class)));
		}
		System.out.println("BASELINE_RSS=" + residentBytes());
		List<ColbertEncoder> open = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			if (mode.equals("restarts")) {
				contextRunner.run((context) -> encodeSomething(context.getBean(ColbertEncoder.class)));
			}
			else {
				ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(), EncoderOptions.defaults());
				encodeSomething(encoder);
				open.add(encoder);
			}
		}
		System.out.println("FINAL_RSS=" + residentBytes());
		open.forEach(ColbertEncoder::close);
	}

	private static void encodeSomething(ColbertEncoder encoder) {
		encoder.encodeDocuments(List.of("late interaction keeps one vector per token",
				"the context closes the encoder and its native memory"));
		encoder.encodeQuery("what does the context close?");
	}

	static long residentBytes() throws IOException {
		System.gc();
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		throw new IllegalStateException("/proc/self/status has no VmRSS line");
	}

}
