package dev.colbert.opensearch.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension that starts one two-node OpenSearch cluster ({@link LocalOpenSearchCluster#twoNodes()}) for the
 * whole test run (the first test class that needs it starts it; JUnit closes it after the last one) and injects it as
 * a {@link LocalOpenSearchCluster} parameter. Starting nodes is the slow part of the integration tests, so every test
 * class shares them; a test that kills a node must run last ({@code @Order(Integer.MAX_VALUE)}, classes are ordered by
 * {@code @Order} in {@code junit-platform.properties}).
 *
 * <pre class="code">
 * &#064;ExtendWith(SharedOpenSearchCluster.class)
 * class MyIT {
 *     MyIT(LocalOpenSearchCluster cluster) { ... }
 * }
 * </pre>
 */
public final class SharedOpenSearchCluster implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SharedOpenSearchCluster.class);

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
			.computeIfAbsent("cluster", (key) -> LocalOpenSearchCluster.twoNodes(), LocalOpenSearchCluster.class);
	}

}
