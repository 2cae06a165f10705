package dev.colbert.opensearch.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

	/**
	 * JVM options of test nodes (system property {@code colbert.opensearch.javaOpts} overrides them): the C1 compiler
	 * only, which cuts the CPU a node spends to start by about 40% (36 s to 21 s measured); test data are too small for
	 * the optimizing compiler to pay off.
	 */
	static final String DEFAULT_JAVA_OPTS = "-XX:TieredStopAtLevel=1";

	private final OpenSearchNodeScript script = new OpenSearchNodeScript();

	private final String name;

	private final List<LocalOpenSearchNode> nodes = new CopyOnWriteArrayList<>();

	private final List<OpenSearchClient> clients = new ArrayList<>();

	private final Thread shutdownHook;

	private LocalOpenSearchCluster(String name) {
		this.name = name;
		this.shutdownHook = new Thread(this::stopNodes, "opensearch-nodes-shutdown-" + name);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** One node ({@code discovery.type: single-node}). */
	public static LocalOpenSearchCluster singleNode() {
		return singleNode(List.of());
	}

	/**
	 * One node ({@code discovery.type: single-node}) started with extra options of
	 * {@code opensearch-node.sh start}, such as {@code --heap 2g}.
	 */
	public static LocalOpenSearchCluster singleNode(List<String> startOptions) {
		LocalOpenSearchCluster cluster = new LocalOpenSearchCluster(uniqueName());
		try {
			cluster.script.cleanup();
			cluster.nodes.add(cluster.startNode("node-0", startOptions));
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Two nodes in one cluster, started at the same time: {@code node-0} is the cluster manager and holds data,
	 * {@code node-1} holds data only (so it can be killed without losing the cluster manager).
	 */
	public static LocalOpenSearchCluster twoNodes() {
		LocalOpenSearchCluster cluster = new LocalOpenSearchCluster(uniqueName());
		try {
			cluster.script.cleanup();
			int[] ports = freePorts(4);
			String managerTransport = "127.0.0.1:" + ports[1];
			ExecutorService starter = Executors.newFixedThreadPool(2);
			CompletableFuture<LocalOpenSearchNode> manager = CompletableFuture.supplyAsync(() -> cluster.startNode(
					"node-0", List.of("--http-port", Integer.toString(ports[0]), "--transport-port",
							Integer.toString(ports[1]), "--roles", "cluster_manager,data,ingest",
							"--initial-cluster-managers", "node-0")), starter);
			CompletableFuture<LocalOpenSearchNode> data = CompletableFuture.supplyAsync(() -> cluster.startNode("node-1",
					List.of("--http-port", Integer.toString(ports[2]), "--transport-port", Integer.toString(ports[3]),
							"--roles", "data,ingest", "--seed-hosts", managerTransport, "--wait-for-nodes", "2")),
					starter);
			try {
				cluster.addStarted(manager, data);
			}
			finally {
				starter.shutdown();
			}
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** Adds the nodes that started, in order, then fails if one did not. */
	private void addStarted(List<CompletableFuture<LocalOpenSearchNode>> starts) {
		RuntimeException failure = null;
		for (CompletableFuture<LocalOpenSearchNode> start : starts) {
			try {
				this.nodes.add(start.join());
			}
			catch (CompletionException ex) {
				RuntimeException cause = (ex.getCause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex.getCause());
				if (failure == null) {
					failure = cause;
				}
				else {
					failure.addSuppressed(cause);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@SafeVarargs
	private void addStarted(CompletableFuture<LocalOpenSearchNode>... starts) {
		addStarted(List.of(starts));
	}

	private static int[] freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free port on 127.0.0.1", ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing a probe socket
				}
			}
		}
	}

	private static String uniqueName() {
		return "it-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
	}

	private LocalOpenSearchNode startNode(String nodeName, List<String> extraOptions) {
		Path dir = this.script.nodesDir().resolve(this.name + "-" + nodeName);
		List<String> options = new ArrayList<>(List.of("--name", nodeName, "--cluster", "colbert-" + this.name,
				"--heap", System.getProperty("colbert.opensearch.heap", "512m"), "--java-opts",
				System.getProperty("colbert.opensearch.javaOpts", DEFAULT_JAVA_OPTS)));
		options.addAll(extraOptions);
		long started = System.nanoTime();
		Map<String, String> answer;
		try {
			answer = this.script.start(dir, options, LocalOpenSearchNode.defaultStartTimeout());
		}
		catch (IllegalStateException ex) {
			// The script has stopped the node; its log tail is in the message. Remove the folder.
			try {
				this.script.stop(dir, true, true);
			}
			catch (RuntimeException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw new IllegalStateException("OpenSearch node " + nodeName + " of " + this.name + " did not start: "
					+ ex.getMessage(), ex);
		}
		LocalOpenSearchNode node = new LocalOpenSearchNode(nodeName, Path.of(answer.get("dir")),
				URI.create(answer.get("http")), answer.get("transport"), Long.parseLong(answer.get("pid")),
				Path.of(answer.get("log")));
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
