package dev.colbert.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.colbert.autoconfigure.encoder.ColbertEncoderAutoConfiguration;

import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.testing.TinyCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees when the configuration is wrong: Spring Boot's failure report names the property, the value and the
 * reason, or the model file and the problem.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@Test
	void anInvalidPropertyIsReportedWithItsNameValueAndTheAllowedValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(PropertiesApplication.class)
			.web(WebApplicationType.NONE)
			.properties("colbert.store.embedded.nbits=3", "spring.main.banner-mode=off")
			.run());

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: colbert.store.embedded.nbits")
			.contains("Value: \"3\"")
			.contains("Reason: colbert.store.embedded.nbits must be 1, 2 or 4 but was 3");
	}

	@Test
	void aModelThatCannotBeLoadedIsReportedWithTheFileAndWhatToCheck(CapturedOutput output, @TempDir Path folder)
			throws Exception {
		Path model = TinyCheckpoints.write(folder.resolve("model"), 8, 1);
		Files.delete(model.resolve("tokenizer.json"));

		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(EncoderApplication.class)
			.web(WebApplicationType.NONE)
			.properties("colbert.model=" + model, "spring.main.banner-mode=off")
			.run());

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The ColBERT model '" + model + "' (colbert.model) could not be loaded: ")
			.contains("tokenizer.json")
			.contains("Check colbert.model: it must name a HuggingFace ColBERT checkpoint folder");
	}

	@Test
	void anIndexBuiltByAnotherModelIsReportedWithBothFingerprintsAndHowToRebuild(CapturedOutput output,
			@TempDir Path folder) {
		Path first = TinyCheckpoints.write(folder.resolve("first"), 8, 1);
		Path second = TinyCheckpoints.write(folder.resolve("second"), 8, 2);
		Path index = folder.resolve("index");
		String[] common = { "colbert.store.embedded.path=" + index, "spring.main.banner-mode=off" };
		new SpringApplicationBuilder(StoreApplication.class).web(WebApplicationType.NONE)
			.properties(common)
			.properties("colbert.model=" + first)
			.run()
			.close();
		String firstFingerprint;
		String secondFingerprint;
		try (ColbertEncoder a = ColbertEncoders.load(first.toString(), EncoderOptions.defaults());
				ColbertEncoder b = ColbertEncoders.load(second.toString(), EncoderOptions.defaults())) {
			firstFingerprint = a.info().fingerprint();
			secondFingerprint = b.info().fingerprint();
		}

		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(StoreApplication.class)
			.web(WebApplicationType.NONE)
			.properties(common)
			.properties("colbert.model=" + second)
			.run());

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The embedded index at " + index + " was built by the model with fingerprint " + firstFingerprint)
			.contains("colbert.model '" + second + "' has fingerprint " + secondFingerprint)
			.contains("delete the folder " + index);
	}

	@SpringBootConfiguration
	@EnableConfigurationProperties(ColbertProperties.class)
	static class PropertiesApplication {

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(ColbertEncoderAutoConfiguration.class)
	static class EncoderApplication {

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ ColbertEncoderAutoConfiguration.class, ColbertEmbeddedStoreAutoConfiguration.class })
	static class StoreApplication {

	}

}
