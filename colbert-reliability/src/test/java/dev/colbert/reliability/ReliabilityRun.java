package dev.colbert.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Settings of a suite run ({@code -Dreliability.long=true} selects the long variants) and the report file the suites
 * append their figures to ({@code target/reliability/figures.md}), copied by hand into docs/RELIABILITY.md.
 */
public final class ReliabilityRun {

	private ReliabilityRun() {
	}

	/** Whether the long variants run ({@code -Dreliability.long=true}). */
	public static boolean isLong() {
		return Boolean.getBoolean("reliability.long");
	}

	/** An integer system property, else the long or the default value. */
	public static int intSetting(String name, int defaultValue, int longValue) {
		String value = System.getProperty(name);
		if (value != null && !value.isBlank()) {
			return Integer.parseInt(value.trim());
		}
		return isLong() ? longValue : defaultValue;
	}

	/** Appends lines of figures to the run's report and echoes them on stdout. */
	public static synchronized void report(String suite, String text) {
		String block = "## " + suite + " (" + (isLong() ? "long" : "default") + " variant, "
				+ java.time.Instant.now() + ")\n" + text + "\n\n";
		System.out.print(block);
		Path dir = Path.of(System.getProperty("reliability.report", "target/reliability"));
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("figures.md"), block, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
