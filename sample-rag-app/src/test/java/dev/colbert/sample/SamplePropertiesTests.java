package dev.colbert.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SampleProperties}: the limits of the nested groups are checked at start-up.
 */
class SamplePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void theDefaultsAreValid() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aNestedLimitStopsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("sample.knowledge-base.batch-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("knowledgeBase.batchSize");
		});
	}

	@Test
	void theRequestBoundsBind() {
		this.contextRunner
			.withPropertyValues("sample.web.allowed-origins=http://localhost:5173,https://app.example",
					"sample.web.max-body-size=64KB", "sample.search.max-explained=0",
					"sample.documents.max-metadata-chars=80")
			.run((context) -> {
				SampleProperties properties = context.getBean(SampleProperties.class);
				assertThat(properties.getWeb().getAllowedOrigins()).containsExactly("http://localhost:5173",
						"https://app.example");
				assertThat(properties.getWeb().getMaxBodySize().toBytes()).isEqualTo(65_536);
				assertThat(properties.getSearch().getMaxExplained()).isZero();
				assertThat(properties.getDocuments().getMaxMetadataChars()).isEqualTo(80);
			});
		this.contextRunner.run((context) -> {
			SampleProperties properties = context.getBean(SampleProperties.class);
			assertThat(properties.getWeb().getAllowedOrigins()).isEmpty();
			assertThat(properties.getSearch().getMaxExplained()).isEqualTo(10);
		});
		this.contextRunner.withPropertyValues("sample.search.max-explained=101").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("search.maxExplained");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SampleProperties.class)
	static class PropertiesConfiguration {

	}

}
