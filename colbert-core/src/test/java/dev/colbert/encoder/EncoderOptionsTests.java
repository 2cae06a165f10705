package dev.colbert.encoder;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EncoderOptionsTests {

	@Test
	void defaults() {
		EncoderOptions options = EncoderOptions.defaults();
		assertThat(options.device()).isEqualTo("cpu");
		assertThat(options.batchSize()).isEqualTo(8);
		assertThat(options.workerThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(options.intraOpThreads()).isEqualTo(1);
		assertThat(options.queryIntraOpThreads()).isEqualTo(1);
		assertThat(EncoderOptions.builder().intraOpThreads(3).build().queryIntraOpThreads()).isEqualTo(3);
		assertThat(EncoderOptions.builder().intraOpThreads(3).queryIntraOpThreads(2).build().toBuilder().build()
			.queryIntraOpThreads()).isEqualTo(2);
		assertThat(options.queryMaxLength()).isNull();
		assertThat(options.hubEndpoint()).isEqualTo(URI.create("https://huggingface.co"));
		assertThat(options.cacheDirectory().toString()).endsWith("colbert-java/hub");
	}

	@Test
	void invalidValuesNameTheSettingAndTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().batchSize(0))
			.withMessage("batchSize must be between 1 and 4096, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().workerThreads(0))
			.withMessage("workerThreads must be between 1 and 1024, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().intraOpThreads(-1))
			.withMessage("intraOpThreads must be between 0 (keep the process-wide setting) and 1024, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().queryIntraOpThreads(1025))
			.withMessage("queryIntraOpThreads must be between 0 (keep the process-wide setting) and 1024, or null "
					+ "for intraOpThreads, was 1025");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().device("tpu"))
			.withMessage("device must be cpu, cuda or cuda:N (N = GPU index), was 'tpu'");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().queryMaxLength(3))
			.withMessageStartingWith("queryMaxLength must be at least 4");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().documentMaxLength(2))
			.withMessageStartingWith("documentMaxLength must be at least 4");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EncoderOptions.builder().hubEndpoint(URI.create("ftp://example.org")))
			.withMessageContaining("hubEndpoint must be an http or https URL");
		assertThatIllegalArgumentException().isThrownBy(() -> EncoderOptions.builder().hubTimeout(Duration.ZERO))
			.withMessageContaining("hubTimeout must be between 1 second and 1 hour");
	}

	@Test
	void deviceAndEndpointAreNormalized() {
		EncoderOptions options = EncoderOptions.builder()
			.device(" CUDA:1 ")
			.hubEndpoint(URI.create("http://mirror.local:8080/"))
			.hubToken("  ")
			.build();
		assertThat(options.device()).isEqualTo("cuda:1");
		assertThat(options.hubEndpoint()).isEqualTo(URI.create("http://mirror.local:8080"));
		assertThat(options.hubToken()).isNull();
		assertThat(options.toBuilder().build().device()).isEqualTo("cuda:1");
	}

	@Test
	void cudaWithoutACudaLibtorchFailsAtLoadNamingTheFix() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> ColbertEncoders.load("embedded:bge-small-en-v1.5",
					EncoderOptions.builder().device("cuda").build()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("device cuda is not available")
			.hasMessageContaining("pytorch-native-cpu");
	}

}
