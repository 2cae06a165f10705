package dev.colbert.autoconfigure.training;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertOpenSearchStoreAutoConfiguration;
import dev.colbert.autoconfigure.swap.LiveModelSwapper;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.training.TrainingRunner;

/**
 * Auto-configures the training runner and the {@code colberttraining} actuator endpoint, only when
 * {@code colbert.training.enabled=true} (off by default). The endpoint only reads unless
 * {@code management.endpoint.colberttraining.access=unrestricted} opts in to its writes: secure them first.
 * Jobs start from {@code colbert.training.base-model}, by default the application's {@code colbert.model}. With the
 * embedded store, a job can swap its checkpoint into the running application ({@link LiveModelSwapper}).
 */
@AutoConfiguration(after = { ColbertEncoderAutoConfiguration.class, ColbertEmbeddedStoreAutoConfiguration.class,
		ColbertOpenSearchStoreAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, TrainingRunner.class })
@ConditionalOnBooleanProperty(name = ColbertTrainingProperties.PREFIX + ".enabled")
@EnableConfigurationProperties(ColbertTrainingProperties.class)
public final class ColbertTrainingAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	TrainingRunner colbertTrainingRunner() {
		return new TrainingRunner();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ColbertTrainingEndpoint colbertTrainingEndpoint(TrainingRunner runner, ColbertTrainingProperties properties,
			ObjectProvider<ColbertProperties> colbertProperties, ObjectProvider<ColbertEncoder> encoder,
			ObjectProvider<TokenVectorStore> store) {
		ColbertProperties colbert = colbertProperties.getIfAvailable(ColbertProperties::new);
		LiveModelSwapper swapper = new LiveModelSwapper(encoder.getIfUnique(() -> null),
				store.getIfUnique(() -> null), colbert);
		return new ColbertTrainingEndpoint(runner, properties, colbert.getModel(), swapper);
	}

}
