package dev.colbert.benchmarks.encoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident set figures of this process from /proc/self/status (Linux).
 */
final class ProcessMemory {

	private ProcessMemory() {
	}

	/** Peak resident set (VmHWM) in MB, or -1 where /proc is unavailable. */
	static long peakResidentMegabytes() {
		return field("VmHWM:");
	}

	/** Current resident set (VmRSS) in MB, or -1 where /proc is unavailable. */
	static long residentMegabytes() {
		return field("VmRSS:");
	}

	private static long field(String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(name)) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		return -1;
	}

}
