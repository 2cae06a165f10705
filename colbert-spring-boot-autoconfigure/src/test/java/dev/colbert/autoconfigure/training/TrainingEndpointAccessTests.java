package dev.colbert.autoconfigure.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code colberttraining} endpoint is read-only unless the application opts in to its writes with
 * {@code management.endpoint.colberttraining.access=unrestricted}: exposing it is not enough. Checked through the
 * actuator's own endpoint discovery (JMX here; web discovery applies the same access rules).
 */
class TrainingEndpointAccessTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			// Spring Boot's conversions, so that access values are written as in application.properties
			.withInitializer((context) -> context.getEnvironment()
				.setConversionService(new ApplicationConversionService()))
			.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
					JmxEndpointAutoConfiguration.class, ColbertTrainingAutoConfiguration.class))
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=colberttraining",
					"management.endpoints.web.exposure.include=colberttraining", "colbert.training.enabled=true",
					"colbert.training.data-dir=" + this.directory.resolve("data"),
					"colbert.training.output-dir=" + this.directory.resolve("out"));
	}

	@Test
	void anExposedEndpointOnlyReadsByDefault() {
		contextRunner().run((context) -> assertThat(operations(context.getBean(MBeanServer.class)))
			.containsExactly("status"));
	}

	@Test
	void writesNeedTheAccessOptIn() {
		contextRunner().withPropertyValues("management.endpoint.colberttraining.access=unrestricted")
			.run((context) -> assertThat(operations(context.getBean(MBeanServer.class)))
				.containsExactlyInAnyOrder("status", "start", "swap", "cancel"));
	}

	@Test
	void theApplicationWideCapStillApplies() {
		contextRunner()
			.withPropertyValues("management.endpoint.colberttraining.access=unrestricted",
					"management.endpoints.access.max-permitted=read-only")
			.run((context) -> assertThat(operations(context.getBean(MBeanServer.class))).containsExactly("status"));
	}

	private static List<String> operations(MBeanServer server) throws Exception {
		Set<ObjectName> names = server
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Colberttraining,*"), null);
		assertThat(names).hasSize(1);
		MBeanOperationInfo[] operations = server.getMBeanInfo(names.iterator().next()).getOperations();
		return Arrays.stream(operations).map(MBeanOperationInfo::getName).toList();
	}

}
