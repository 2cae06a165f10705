package dev.colbert.opensearch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.opensearch.OpenSearchClients;
import dev.colbert.opensearch.OpenSearchConnectionSettings;

/**
 * One or more real OpenSearch 3.5 nodes (with the k-NN plugin) on 127.0.0.1, started from the Maven Central zips by
 * {@code scripts/opensearch/opensearch-node.sh}, as a non-root user when the JVM runs as root.
 *
 * <p>{@link #close()} stops every node and deletes its folder; a shutdown hook does the same if the JVM exits without
 * closing, and nodes orphaned by a JVM that was killed are stopped by the next start ({@code cleanup}). A node that
 * does not become healthy fails the start with the tail of its log: nothing is skipped silently.
 */
public final class LocalOpenSearchCluster implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalOpenSearchCluster.class);

	private static final AtomicInteger counter = new AtomicInteger();

	private final OpenSearchNodeScript script = new OpenSearchNodeScript();

	private final String name;

	private final List<LocalOpenSearchNode> nodes = new ArrayList<>();

	private final List<OpenSearchClient> clients = new ArrayList<>();

	private final Thread shutdownHook;

	private LocalOpenSearchCluster(String name) {
		this.name = name;
		this.shutdownHook = new Thread(this::stopNodes, "opensearch-nodes-shutdown-" + name);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** One node ({@code discovery.type: single-node}). */
	public static LocalOpenSearchCluster singleNode() {
		LocalOpenSearchCluster cluster = new LocalOpenSearchCluster(uniqueName());
		try {
			cluster.script.cleanup();
			cluster.startNode("node-0", List.of());
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Two nodes in one cluster: {@code node-0} is the cluster manager and holds data, {@code node-1} holds data only
	 * (so it can be killed without losing the cluster manager).
	 */
	public static LocalOpenSearchCluster twoNodes() {
		LocalOpenSearchCluster cluster = new LocalOpenSearchCluster(uniqueName());
		try {
			cluster.script.cleanup();
			LocalOpenSearchNode manager = cluster.startNode("node-0", List.of("--roles", "cluster_manager,data,ingest",
					"--initial-cluster-managers", "node-0"));
			cluster.startNode("node-1", List.of("--roles", "data,ingest", "--seed-hosts",
					manager.transportAddress(), "--wait-for-nodes", "2"));
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private static String uniqueName() {
		return "it-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
	}

	private LocalOpenSearchNode startNode(String nodeName, List<String> extraOptions) {
		Path dir = this.script.nodesDir().resolve(this.name + "-" + nodeName);
		List<String> options = new ArrayList<>(List.of("--name", nodeName, "--cluster", "colbert-" + this.name,
				"--heap", System.getProperty("colbert.opensearch.heap", "512m")));
		options.addAll(extraOptions);
		long started = System.nanoTime();
		Map<String, String> answer;
		try {
			answer = this.script.start(dir, options, LocalOpenSearchNode.defaultStartTimeout());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("OpenSearch node " + nodeName + " of " + this.name + " did not start: "
					+ ex.getMessage(), ex);
		}
		LocalOpenSearchNode node = new LocalOpenSearchNode(nodeName, Path.of(answer.get("dir")),
				URI.create(answer.get("http")), answer.get("transport"), Long.parseLong(answer.get("pid")),
				Path.of(answer.get("log")));
		this.nodes.add(node);
		logger.info("OpenSearch node {} of {} is up at {} (pid {}) after {} s", nodeName, this.name, node.httpUri(),
				node.pid(), String.format("%.1f", (System.nanoTime() - started) / 1e9));
		return node;
	}

	/** The nodes, in start order. */
	public List<LocalOpenSearchNode> nodes() {
		return List.copyOf(this.nodes);
	}

	/** The node at this position. */
	public LocalOpenSearchNode node(int index) {
		return this.nodes.get(index);
	}

	/** Connection settings listing every node. */
	public OpenSearchConnectionSettings connectionSettings() {
		OpenSearchConnectionSettings.Builder builder = OpenSearchConnectionSettings.builder();
		for (LocalOpenSearchNode node : this.nodes) {
			builder.uri(node.httpUri().toString());
		}
		return builder.build();
	}

	/** A new client for every node; closed with the cluster. */
	public synchronized OpenSearchClient client() {
		OpenSearchClient client = OpenSearchClients.create(connectionSettings());
		this.clients.add(client);
		return client;
	}

	/** The last lines of every node's log. */
	public String logTails(int lines) {
		StringBuilder tails = new StringBuilder();
		for (LocalOpenSearchNode node : this.nodes) {
			tails.append("----- ").append(node.name()).append(": ").append(node.log()).append(" -----\n")
				.append(node.logTail(lines)).append('\n');
		}
		return tails.toString();
	}

	@Override
	public synchronized void close() {
		for (OpenSearchClient client : this.clients) {
			try {
				client._transport().close();
			}
			catch (IOException ex) {
				logger.debug("Closing a client failed", ex);
			}
		}
		this.clients.clear();
		stopNodes();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down and runs the hook
		}
	}

	private synchronized void stopNodes() {
		for (int i = this.nodes.size() - 1; i >= 0; i--) {
			LocalOpenSearchNode node = this.nodes.get(i);
			try {
				this.script.stop(node.dir(), false, true);
			}
			catch (RuntimeException ex) {
				logger.warn("Stopping OpenSearch node {} failed: {}", node.name(), ex.getMessage());
			}
		}
		this.nodes.clear();
	}

}
