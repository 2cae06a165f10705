package dev.colbert.opensearch.plugin;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.ScriptPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.script.ScriptContext;
import org.opensearch.script.ScriptEngine;
import org.opensearch.script.ScriptService;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

/**
 * The ColBERT plugin for OpenSearch: registers the score script engine {@link MaxSimScriptEngine} (language
 * {@code colbert}), which rescores a PLAID index's candidates on the shards with exact MaxSim over their code blobs.
 * The node's client, given once the node is built, reads the codec documents ({@link ShardCodecs}).
 */
public final class ColbertPlugin extends Plugin implements ScriptPlugin {

	private final ShardCodecs codecs = new ShardCodecs();

	@Override
	public ScriptEngine getScriptEngine(Settings settings, Collection<ScriptContext<?>> contexts) {
		return new MaxSimScriptEngine(this.codecs);
	}

	@Override
	public Collection<Object> createComponents(Client client, ClusterService clusterService, ThreadPool threadPool,
			ResourceWatcherService resourceWatcherService, ScriptService scriptService,
			NamedXContentRegistry xContentRegistry, Environment environment, NodeEnvironment nodeEnvironment,
			NamedWriteableRegistry namedWriteableRegistry, IndexNameExpressionResolver indexNameExpressionResolver,
			Supplier<RepositoriesService> repositoriesServiceSupplier) {
		this.codecs.setClient(client);
		return List.of();
	}

}
