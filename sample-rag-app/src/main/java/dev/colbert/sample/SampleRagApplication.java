package dev.colbert.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A retrieval-augmented generation application on {@code colbert-spring-boot-starter}: ingests the bundled knowledge
 * base on first start, searches it with ColBERT (token-level matches on request), answers questions through a
 * {@code RetrievalAugmentationAdvisor} when a chat model is configured, and serves a web page at {@code /}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleRagApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleRagApplication.class, args);
	}

}
