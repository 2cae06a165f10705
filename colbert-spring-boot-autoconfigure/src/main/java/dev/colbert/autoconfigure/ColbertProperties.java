package dev.colbert.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.colbert.autoconfigure.PropertyChecks.Violation;
import dev.colbert.autoconfigure.ai.RetrieverProperties;
import dev.colbert.autoconfigure.ai.VectorStoreProperties;
import dev.colbert.autoconfigure.encoder.EncoderProperties;
import dev.colbert.autoconfigure.store.OpenSearchStoreProperties;
import dev.colbert.autoconfigure.store.StoreProperties;
import dev.colbert.autoconfigure.store.StoreType;
import dev.colbert.encoder.ModelSource;
import dev.colbert.spring.ai.RetrievalMode;

/**
 * Configuration of ColBERT retrieval, bound from {@code colbert.*}: the model, and one group per feature, each a class
 * of its feature's package ({@link EncoderProperties}, {@link StoreProperties}, {@link VectorStoreProperties},
 * {@link RetrieverProperties}). Values are checked at start-up, all groups at once: an invalid value stops the
 * application with a message that names the property, the allowed values and the value given, listing every invalid
 * value. The OpenSearch store's settings ({@code colbert.store.opensearch.*}) are bound and checked on their own, by
 * {@link OpenSearchStoreProperties}, since that store's module is optional.
 */
@ConfigurationProperties(prefix = ColbertProperties.PREFIX)
public class ColbertProperties implements Validator {

	/** The prefix of every ColBERT property. */
	public static final String PREFIX = "colbert";

	/** The model that ships in the starter: bge-small-en-v1.5 from its Maven Central jar, used as a ColBERT backbone. */
	public static final String DEFAULT_MODEL = ModelSource.DEFAULT;

	/**
	 * The ColBERT model: a folder holding a HuggingFace ColBERT checkpoint (config.json, tokenizer.json,
	 * model.safetensors, artifact.metadata), a HuggingFace hub id ("hf:org/name[@revision]" or "org/name"), downloaded
	 * once into the hub cache, or an ONNX BERT export on the classpath ("embedded:NAME" or "classpath:PATH.onnx"). The
	 * embedded models are "embedded:bge-small-en-v1.5" (raw token vectors, dim 384) and "embedded:colbert-bge-small"
	 * (this project's trained head on it, dim 128).
	 */
	private String model = DEFAULT_MODEL;

	@NestedConfigurationProperty
	private final EncoderProperties encoder = new EncoderProperties();

	@NestedConfigurationProperty
	private final StoreProperties store = new StoreProperties();

	@NestedConfigurationProperty
	private final VectorStoreProperties vectorStore = new VectorStoreProperties();

	@NestedConfigurationProperty
	private final RetrieverProperties retriever = new RetrieverProperties();

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public EncoderProperties getEncoder() {
		return this.encoder;
	}

	public StoreProperties getStore() {
		return this.store;
	}

	public VectorStoreProperties getVectorStore() {
		return this.vectorStore;
	}

	public RetrieverProperties getRetriever() {
		return this.retriever;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ColbertProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		((ColbertProperties) target).check().reportTo(errors);
	}

	/**
	 * Every invalid value, each with a message naming the property, the allowed values and the value given.
	 * @return the violations, empty when the configuration is valid
	 */
	public List<Violation> violations() {
		return check().violations();
	}

	private PropertyChecks check() {
		PropertyChecks checks = new PropertyChecks(PREFIX);
		checks.require(this.model != null && !this.model.isBlank(), "model",
				"must name a model (a checkpoint folder, a hub id or " + DEFAULT_MODEL + ") but was '" + this.model
						+ "'");
		this.encoder.validate(checks.at("encoder"));
		this.store.validate(checks.at("store"));
		this.vectorStore.validate(checks.at("vectorStore"));
		this.retriever.validate(checks.at("retriever"));
		// Only a mode set explicitly: by default the retriever serves late interaction over a store without BM25.
		if (this.retriever.hasExplicitMode() && this.retriever.getMode() == RetrievalMode.HYBRID
				&& this.store.getType() == StoreType.EMBEDDED
				&& !this.store.getEmbedded().getLexical().isEnabled()) {
			checks.reject("retriever.mode", checks.name("retriever.mode") + " is hybrid, which needs the lexical "
					+ "index, but " + checks.name("store.embedded.lexical.enabled") + " is false");
		}
		return checks;
	}

}
