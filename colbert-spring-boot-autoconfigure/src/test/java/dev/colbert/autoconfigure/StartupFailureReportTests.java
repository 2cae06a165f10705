package dev.colbert.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** What a user sees when a property is invalid: Spring Boot's failure report names the property, value and reason. */
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

	@SpringBootConfiguration
	@EnableConfigurationProperties(ColbertProperties.class)
	static class PropertiesApplication {

	}

}
