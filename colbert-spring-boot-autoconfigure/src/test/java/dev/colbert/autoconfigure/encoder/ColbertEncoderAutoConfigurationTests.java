package dev.colbert.autoconfigure.encoder;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.QueryEngine;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.testing.TinyCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ColbertEncoderAutoConfigurationTests {

	@TempDir
	static Path folder;

	static Path checkpoint;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertEncoderAutoConfiguration.class));

	@BeforeAll
	static void writeCheckpoint() {
		checkpoint = TinyCheckpoints.write(folder.resolve("tiny"), 24, 7);
	}

	@Test
	void loadsTheDefaultEmbeddedModel() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ColbertEncoder.class);
			EncoderInfo info = context.getBean(ColbertEncoder.class).info();
			assertThat(info.source()).contains("bge-small-en-v1.5");
			assertThat(info.dim()).isEqualTo(384);
			assertThat(info.queryMaxLength()).isEqualTo(128);
			assertThat(info.documentMaxLength()).isEqualTo(300);
			assertThat(info.queryAugmentation()).isFalse();
			assertThat(context.getBean(ColbertEncoder.class).encodeQuery("what is late interaction?").dim())
				.isEqualTo(384);
		});
	}

	@Test
	void mapsTheThreadPropertiesToTheEncoderOptions() {
		EncoderProperties properties = new EncoderProperties();
		EncoderOptions defaults = ColbertEncoderAutoConfiguration.encoderOptions(properties);
		assertThat(defaults.workerThreads()).isEqualTo(EncoderOptions.defaults().workerThreads());
		assertThat(defaults.intraOpThreads()).isEqualTo(EncoderOptions.defaults().intraOpThreads());
		assertThat(defaults.queryIntraOpThreads()).isEqualTo(defaults.intraOpThreads());
		properties.setWorkerThreads(3);
		properties.setThreads(2);
		properties.setQueryThreads(4);
		EncoderOptions options = ColbertEncoderAutoConfiguration.encoderOptions(properties);
		assertThat(options.workerThreads()).isEqualTo(3);
		assertThat(options.intraOpThreads()).isEqualTo(2);
		assertThat(options.queryIntraOpThreads()).isEqualTo(4);
	}

	@Test
	void loadsACheckpointFolderWithTheEncoderProperties() {
		this.contextRunner
			.withPropertyValues("colbert.model=" + checkpoint, "colbert.encoder.query-max-length=16",
					"colbert.encoder.document-max-length=40", "colbert.encoder.query-augmentation=false",
					"colbert.encoder.batch-size=5", "colbert.encoder.threads=1", "colbert.encoder.dim=24")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ColbertEncoder encoder = context.getBean(ColbertEncoder.class);
				EncoderInfo info = encoder.info();
				assertThat(info.dim()).isEqualTo(24);
				assertThat(info.queryMaxLength()).isEqualTo(16);
				assertThat(info.documentMaxLength()).isEqualTo(40);
				assertThat(info.queryAugmentation()).isFalse();
				assertThat(info.batchSize()).isEqualTo(5);
				List<TokenVectors> documents = encoder
					.encodeDocuments(List.of("a short document", "another document that is a little longer"));
				assertThat(documents).hasSize(2).allSatisfy((vectors) -> assertThat(vectors.dim()).isEqualTo(24));
			});
	}

	@Test
	void checkpointSettingsApplyWhenNotOverridden() {
		this.contextRunner.withPropertyValues("colbert.model=" + checkpoint).run((context) -> {
			EncoderInfo info = context.getBean(ColbertEncoder.class).info();
			assertThat(info.queryMaxLength()).isEqualTo(32);
			assertThat(info.documentMaxLength()).isEqualTo(96);
			assertThat(info.queryAugmentation()).isTrue();
			assertThat(context.getBean(ColbertEncoder.class).encodeQuery("short").count()).isEqualTo(32);
		});
	}

	@Test
	void aUserEncoderReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(UserEncoderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ColbertEncoder.class);
			assertThat(context.getBean(ColbertEncoder.class)).isInstanceOf(WordHashEncoder.class);
		});
	}

	@Test
	void theEncoderIsClosedWithTheContext() {
		ColbertEncoder[] encoder = new ColbertEncoder[1];
		this.contextRunner.withPropertyValues("colbert.model=" + checkpoint).run((context) -> {
			encoder[0] = context.getBean(ColbertEncoder.class);
			assertThat(encoder[0].encodeQuery("still open").count()).isPositive();
		});
		assertThatIllegalStateException().isThrownBy(() -> encoder[0].encodeQuery("closed now"));
	}

	@Test
	void mapsTheQueryEngineProperty() {
		EncoderProperties properties = new EncoderProperties();
		assertThat(ColbertEncoderAutoConfiguration.encoderOptions(properties).queryEngine())
			.isEqualTo(QueryEngine.AUTO);
		properties.setQueryEngine(QueryEngine.PYTORCH);
		assertThat(ColbertEncoderAutoConfiguration.encoderOptions(properties).queryEngine())
			.isEqualTo(QueryEngine.PYTORCH);
	}

	@Test
	void theOnnxRuntimeQueryEngineFailsStartUpOnACheckpointNamingWhy() {
		this.contextRunner.withPropertyValues("colbert.model=" + checkpoint, "colbert.encoder.query-engine=onnxruntime")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(ModelLoadException.class)
					.hasMessageContaining("queryEngine ONNXRUNTIME does not apply to " + checkpoint)
					.hasMessageContaining("checkpoint");
			});
		this.contextRunner.withPropertyValues("colbert.model=" + checkpoint, "colbert.encoder.query-engine=auto")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aMissingModelFolderFailsNamingIt() {
		Path missing = folder.resolve("no-such-model");
		this.contextRunner.withPropertyValues("colbert.model=" + missing).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("no-such-model");
		});
	}

	@Test
	void aCorruptCheckpointFailsWithAModelLoadExceptionNamingTheFile(@TempDir Path broken) throws Exception {
		Path model = TinyCheckpoints.write(broken.resolve("model"), 8, 3);
		java.nio.file.Files.writeString(model.resolve("config.json"), "{ not json");
		this.contextRunner.withPropertyValues("colbert.model=" + model).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof ModelLoadException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(ModelLoadException.class)
				.hasMessageContaining(model.resolve("config.json").toString())
				.hasMessageContaining("unreadable JSON");
		});
	}

	@Test
	void anUnexpectedDimensionFailsNamingBoth() {
		this.contextRunner.withPropertyValues("colbert.model=" + checkpoint, "colbert.encoder.dim=128")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.hasMessage("colbert.encoder.dim is 128 but the model " + checkpoint
							+ " produces 24-dimensional token vectors: configure the model the application expects, "
							+ "or set colbert.encoder.dim=24");
			});
	}

	@Test
	void aQueryLengthBeyondTheModelsPositionsFailsAtStartUp() {
		this.contextRunner.withPropertyValues("colbert.model=" + checkpoint, "colbert.encoder.query-max-length=500")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure().rootCause().hasMessageContaining("max_position_embeddings 128");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEncoderConfiguration {

		@Bean
		ColbertEncoder myEncoder() {
			return new WordHashEncoder(16);
		}

	}

}
