package dev.colbert.opensearch.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The test set-up fails loudly: a node that cannot start fails with the node's own log, and leaves nothing running.
 */
class LocalOpenSearchClusterIT {

	@Test
	void aNodeThatCannotStartFailsWithTheTailOfItsLog() throws Exception {
		Path nodes = new OpenSearchNodeScript().nodesDir();
		long before = countNodeDirs(nodes);
		assertThatIllegalStateException()
			.isThrownBy(() -> LocalOpenSearchCluster.singleNode(List.of("--http-port", "not-a-port")))
			.withMessageContaining("OpenSearch node node-0 of it-")
			.withMessageContaining("did not start")
			.withMessageContaining("exited during start-up")
			.withMessageContaining("invalid port range: not-a-port");
		assertThat(countNodeDirs(nodes)).as("node folders left behind").isEqualTo(before);
	}

	private static long countNodeDirs(Path nodes) throws Exception {
		try (var dirs = Files.list(nodes)) {
			return dirs.filter((dir) -> dir.getFileName().toString().startsWith("it-" + ProcessHandle.current().pid()))
				.count();
		}
	}

}
