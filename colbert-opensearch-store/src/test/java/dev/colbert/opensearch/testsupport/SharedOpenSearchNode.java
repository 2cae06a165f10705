package dev.colbert.opensearch.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension that starts one single-node OpenSearch cluster for the whole test run (the first test class that
 * needs it starts it; JUnit closes it after the last) and injects it as a {@link LocalOpenSearchCluster} parameter.
 *
 * <pre class="code">
 * &#064;ExtendWith(SharedOpenSearchNode.class)
 * class MyIT {
 *     MyIT(LocalOpenSearchCluster cluster) { ... }
 * }
 * </pre>
 */
public final class SharedOpenSearchNode implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SharedOpenSearchNode.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		cluster(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == LocalOpenSearchCluster.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return cluster(context);
	}

	private static LocalOpenSearchCluster cluster(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent("cluster", (key) -> LocalOpenSearchCluster.singleNode(), LocalOpenSearchCluster.class);
	}

}
