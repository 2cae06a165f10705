package dev.colbert.opensearch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running OpenSearch node started by {@link LocalOpenSearchCluster}.
 *
 * @param name the node name
 * @param dir the node folder (config, data, logs)
 * @param httpUri the REST endpoint on 127.0.0.1
 * @param transportAddress the transport address ({@code 127.0.0.1:port}) other nodes join through
 * @param pid the process id of the node's JVM
 * @param log the node's main log file
 */
public record LocalOpenSearchNode(String name, Path dir, URI httpUri, String transportAddress, long pid, Path log) {

	/** Whether the node's process is running. */
	public boolean isAlive() {
		return ProcessHandle.of(this.pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/** Kills the node with SIGKILL (no shutdown of any kind) and waits until the process is gone. */
	public void kill() {
		ProcessHandle.of(this.pid).ifPresent((process) -> {
			process.destroyForcibly();
			try {
				process.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("node " + this.name + " (pid " + this.pid + ") survived SIGKILL", ex);
			}
		});
	}

	/** The last lines of the node's log, for failure messages. */
	public String logTail(int lines) {
		try {
			if (!Files.exists(this.log)) {
				return "(no log at " + this.log + ")";
			}
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	static Duration defaultStartTimeout() {
		// Generous: a node that dies fails the start at once; only a slow (shared, loaded) machine waits this long.
		return Duration.ofSeconds(Long.getLong("colbert.opensearch.startTimeoutSeconds", 600));
	}

}
