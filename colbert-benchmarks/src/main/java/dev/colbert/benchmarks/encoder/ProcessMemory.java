package dev.colbert.benchmarks.encoder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident set figures of this process from /proc/self/status (Linux).
 */
final class ProcessMemory {

	private static long peakBeforeResets = -1;

	private ProcessMemory() {
	}

	/** Peak resident set (VmHWM) in MB of the whole run, including the peaks before {@link #resetPeak()} calls. */
	static synchronized long overallPeakResidentMegabytes() {
		return Math.max(peakBeforeResets, peakResidentMegabytes());
	}

	/** Peak resident set (VmHWM) in MB, or -1 where /proc is unavailable. */
	static long peakResidentMegabytes() {
		return field("VmHWM:");
	}

	/**
	 * Resets the peak resident set to the current one (writes 5 to /proc/self/clear_refs, Linux 4.0+), so that the
	 * next {@link #peakResidentMegabytes()} reports the peak of what runs in between.
	 * @return whether the reset worked
	 */
	static synchronized boolean resetPeak() {
		peakBeforeResets = Math.max(peakBeforeResets, peakResidentMegabytes());
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/** CPU time of the whole process in nanoseconds (10 ms resolution on Linux), or -1 if unknown. */
	static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	/** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	/** Current resident set (VmRSS) in MB, or -1 where /proc is unavailable. */
	static long residentMegabytes() {
		return field("VmRSS:");
	}

	/** Current resident set (VmRSS) in KB, or -1 where /proc is unavailable. */
	static long residentKilobytes() {
		return fieldKilobytes("VmRSS:");
	}

	private static long field(String name) {
		long kilobytes = fieldKilobytes(name);
		return (kilobytes < 0) ? -1 : kilobytes / 1024;
	}

	private static long fieldKilobytes(String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(name)) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		return -1;
	}

}
