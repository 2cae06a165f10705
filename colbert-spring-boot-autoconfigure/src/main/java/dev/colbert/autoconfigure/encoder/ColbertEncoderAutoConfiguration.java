package dev.colbert.autoconfigure.encoder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;

/**
 * Auto-configures the {@link ColbertEncoder} of {@code colbert.model} with the {@code colbert.encoder.*} settings.
 * The model is loaded at start-up, so a missing or corrupt model stops the application with an error naming the file;
 * the encoder's native memory is released when the context closes.
 */
@AutoConfiguration
@ConditionalOnClass(ColbertEncoders.class)
@EnableConfigurationProperties(ColbertProperties.class)
public final class ColbertEncoderAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ColbertEncoder colbertEncoder(ColbertProperties properties) {
		EncoderOptions options = encoderOptions(properties.getEncoder());
		ColbertEncoder encoder = ColbertEncoders.load(properties.getModel(), options);
		Integer expectedDim = properties.getEncoder().getDim();
		if (expectedDim != null && encoder.info().dim() != expectedDim) {
			int dim = encoder.info().dim();
			encoder.close();
			throw new IllegalStateException(ColbertProperties.PREFIX + ".encoder.dim is " + expectedDim
					+ " but the model " + properties.getModel() + " produces " + dim
					+ "-dimensional token vectors: configure the model the application expects, or set "
					+ ColbertProperties.PREFIX + ".encoder.dim=" + dim);
		}
		return encoder;
	}

	static EncoderOptions encoderOptions(ColbertProperties.Encoder encoder) {
		EncoderOptions.Builder builder = EncoderOptions.builder()
			.device(encoder.getDevice().trim())
			.batchSize(encoder.getBatchSize())
			.queryIntraOpThreads(encoder.getQueryThreads())
			.queryMaxLength(encoder.getQueryMaxLength())
			.documentMaxLength(encoder.getDocumentMaxLength())
			.queryAugmentation(encoder.getQueryAugmentation())
			.hubEndpoint(encoder.getHub().getEndpoint())
			.hubToken(encoder.getHub().getToken())
			.hubTimeout(encoder.getHub().getTimeout());
		if (encoder.getThreads() != null) {
			builder.intraOpThreads(encoder.getThreads());
		}
		if (encoder.getWorkerThreads() != null) {
			builder.workerThreads(encoder.getWorkerThreads());
		}
		if (encoder.getHub().getCacheDir() != null) {
			builder.cacheDirectory(encoder.getHub().getCacheDir());
		}
		return builder.build();
	}

}
