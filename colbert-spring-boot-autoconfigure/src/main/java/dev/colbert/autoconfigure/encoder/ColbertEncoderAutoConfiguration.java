package dev.colbert.autoconfigure.encoder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.store.StoreType;
import dev.colbert.autoconfigure.swap.ActiveModelSelection;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.SwitchableEncoder;

/**
 * Auto-configures the {@link ColbertEncoder} of {@code colbert.model} with the {@code colbert.encoder.*} settings.
 * The model is loaded at start-up, so a missing or corrupt model stops the application with an error naming the file;
 * the encoder's native memory is released when the context closes.
 *
 * <p>With the embedded store, a model swapped in by the {@code colberttraining} endpoint is loaded instead of
 * {@code colbert.model} while its record exists (see {@link ActiveModelSelection}). When training is enabled
 * ({@code colbert.training.enabled=true}) with the embedded store, the encoder is a {@link SwitchableEncoder} so that a
 * swap can replace its model while the application runs.
 */
@AutoConfiguration
@ConditionalOnClass(ColbertEncoders.class)
@EnableConfigurationProperties(ColbertProperties.class)
public final class ColbertEncoderAutoConfiguration {

	private static final String TRAINING_ENABLED = "colbert.training.enabled";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ColbertEncoder colbertEncoder(ColbertProperties properties, Environment environment) {
		EncoderOptions options = encoderOptions(properties.getEncoder());
		String model = ActiveModelSelection.of(properties, true).model();
		ColbertEncoder encoder = ColbertEncoders.load(model, options);
		Integer expectedDim = properties.getEncoder().getDim();
		if (expectedDim != null && encoder.info().dim() != expectedDim) {
			int dim = encoder.info().dim();
			encoder.close();
			throw new IllegalStateException(ColbertProperties.PREFIX + ".encoder.dim is " + expectedDim
					+ " but the model " + model + " produces " + dim
					+ "-dimensional token vectors: configure the model the application expects, or set "
					+ ColbertProperties.PREFIX + ".encoder.dim=" + dim);
		}
		if (properties.getStore().getType() == StoreType.EMBEDDED
				&& environment.getProperty(TRAINING_ENABLED, Boolean.class, false)) {
			return new SwitchableEncoder(encoder);
		}
		return encoder;
	}

	/** The encoder options of {@code colbert.encoder.*} (also used to load a model swapped in later). */
	public static EncoderOptions encoderOptions(EncoderProperties encoder) {
		EncoderOptions.Builder builder = EncoderOptions.builder()
			.device(encoder.getDevice().trim())
			.batchSize(encoder.getBatchSize())
			.queryIntraOpThreads(encoder.getQueryThreads())
			.queryEngine(encoder.getQueryEngine())
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
