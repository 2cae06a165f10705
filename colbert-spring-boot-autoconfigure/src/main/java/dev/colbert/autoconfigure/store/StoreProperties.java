package dev.colbert.autoconfigure.store;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.colbert.autoconfigure.PropertyChecks;

/**
 * Which token-vector store keeps the documents ({@code colbert.store.*}), and the settings of the embedded one. The
 * OpenSearch store's settings are bound on their own ({@link OpenSearchStoreProperties}), as that store's module is
 * optional.
 */
public class StoreProperties {

	/** The store implementation: "embedded" (compressed index on local disk) or "opensearch". */
	private StoreType type = StoreType.EMBEDDED;

	@NestedConfigurationProperty
	private final EmbeddedStoreProperties embedded = new EmbeddedStoreProperties();

	public StoreType getType() {
		return this.type;
	}

	public void setType(StoreType type) {
		this.type = type;
	}

	public EmbeddedStoreProperties getEmbedded() {
		return this.embedded;
	}

	/** Checks the type and, for the embedded store, its settings. */
	public void validate(PropertyChecks checks) {
		checks.require(this.type != null, "type", "must be embedded or opensearch");
		if (this.type == StoreType.EMBEDDED) {
			this.embedded.validate(checks.at("embedded"));
		}
	}

}
