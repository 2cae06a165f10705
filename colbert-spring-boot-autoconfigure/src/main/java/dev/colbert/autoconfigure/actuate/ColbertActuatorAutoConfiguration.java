package dev.colbert.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertOpenSearchStoreAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.store.TokenVectorStore;

/**
 * Auto-configures the actuator support when Spring Boot Actuator is on the class path and the application has a
 * {@link TokenVectorStore} and a {@link ColbertEncoder}: the {@code colbert} endpoint ({@link ColbertEndpoint}, when
 * it is available: enabled and exposed, see {@code management.endpoints.web.exposure.include}) with the
 * {@link ColbertQueryRecorder} of search latencies, and the {@code colbert} health indicator
 * ({@link ColbertHealthIndicator}, unless {@code management.health.colbert.enabled=false}).
 */
@AutoConfiguration(after = { ColbertEncoderAutoConfiguration.class, ColbertEmbeddedStoreAutoConfiguration.class,
		ColbertOpenSearchStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ TokenVectorStore.class, ColbertEncoder.class })
public final class ColbertActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(ColbertEndpoint.class)
	ColbertQueryRecorder colbertQueryRecorder() {
		return new ColbertQueryRecorder();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ColbertEndpoint colbertEndpoint(TokenVectorStore tokenVectorStore, ColbertEncoder colbertEncoder,
			ColbertQueryRecorder colbertQueryRecorder, ObjectProvider<MeterRegistry> meterRegistry) {
		return new ColbertEndpoint(tokenVectorStore, colbertEncoder, colbertQueryRecorder,
				meterRegistry.getIfUnique(() -> null));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("colbert")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "colbertHealthIndicator")
		ColbertHealthIndicator colbertHealthIndicator(TokenVectorStore tokenVectorStore,
				ColbertEncoder colbertEncoder) {
			return new ColbertHealthIndicator(tokenVectorStore, colbertEncoder);
		}

	}

}
