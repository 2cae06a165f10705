package dev.colbert.autoconfigure.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.colbert.autoconfigure.PropertyChecks;
import dev.colbert.index.IndexSettings;

/** The embedded compressed index ({@code colbert.store.embedded.*}). */
public class EmbeddedStoreProperties {

	/** The folder of the index; created when missing. Relative paths resolve against the working directory. */
	private Path path = Path.of("colbert-index");

	/** Bits per dimension of the compressed residuals: 1, 2 or 4 (more bits, more accurate, larger index). */
	private int nbits = IndexSettings.DEFAULT_NBITS;

	/**
	 * Number of k-means centroids of the codec. Defaults to the ColBERTv2 formula, 2^floor(log2(16 *
	 * sqrt(token vectors))).
	 */
	private Integer centroids;

	/** k-means iterations when the codec is trained (the reference runs 4). */
	private int kmeansIterations = IndexSettings.DEFAULT_KMEANS_ITERATIONS;

	/** Bits per stored centroid coordinate, 4 to 16 (the reference stores 16-bit floats). */
	private int centroidBits = IndexSettings.DEFAULT_CENTROID_BITS;

	/** Seed of the codec's sampling and k-means, for reproducible indexes. */
	private long seed = IndexSettings.DEFAULT_SEED;

	/** When a commit leaves more segments than this, the smallest ones are merged. */
	private int mergeFactor = IndexSettings.DEFAULT_MERGE_FACTOR;

	/** Whether opening the index verifies the CRC32C checksum of every file (reads each file once). */
	private boolean verifyChecksumsOnOpen = IndexSettings.DEFAULT_VERIFY_CHECKSUMS_ON_OPEN;

	/**
	 * Threads one search uses, 1 to 256. 1 suits servers that run many searches at once; more lowers the latency of
	 * a single search when cores are idle. Results do not depend on it.
	 */
	private int searchThreads = IndexSettings.DEFAULT_SEARCH_THREADS;

	@NestedConfigurationProperty
	private final PlaidProperties plaid = new PlaidProperties();

	@NestedConfigurationProperty
	private final LexicalIndexProperties lexical = new LexicalIndexProperties();

	public Path getPath() {
		return this.path;
	}

	public void setPath(Path path) {
		this.path = path;
	}

	public int getNbits() {
		return this.nbits;
	}

	public void setNbits(int nbits) {
		this.nbits = nbits;
	}

	public Integer getCentroids() {
		return this.centroids;
	}

	public void setCentroids(Integer centroids) {
		this.centroids = centroids;
	}

	public int getKmeansIterations() {
		return this.kmeansIterations;
	}

	public void setKmeansIterations(int kmeansIterations) {
		this.kmeansIterations = kmeansIterations;
	}

	public int getCentroidBits() {
		return this.centroidBits;
	}

	public void setCentroidBits(int centroidBits) {
		this.centroidBits = centroidBits;
	}

	public long getSeed() {
		return this.seed;
	}

	public void setSeed(long seed) {
		this.seed = seed;
	}

	public int getMergeFactor() {
		return this.mergeFactor;
	}

	public void setMergeFactor(int mergeFactor) {
		this.mergeFactor = mergeFactor;
	}

	public boolean isVerifyChecksumsOnOpen() {
		return this.verifyChecksumsOnOpen;
	}

	public void setVerifyChecksumsOnOpen(boolean verifyChecksumsOnOpen) {
		this.verifyChecksumsOnOpen = verifyChecksumsOnOpen;
	}

	public int getSearchThreads() {
		return this.searchThreads;
	}

	public void setSearchThreads(int searchThreads) {
		this.searchThreads = searchThreads;
	}

	public PlaidProperties getPlaid() {
		return this.plaid;
	}

	public LexicalIndexProperties getLexical() {
		return this.lexical;
	}

	/** Checks every value of this group, {@code plaid} and {@code lexical}. */
	public void validate(PropertyChecks checks) {
		checks.require(this.path != null && !this.path.toString().isBlank(), "path",
				"must name the index folder but was empty");
		checks.require(this.nbits == 1 || this.nbits == 2 || this.nbits == 4, "nbits",
				"must be 1, 2 or 4 but was " + this.nbits);
		checks.range("centroids", this.centroids, 1, 1 << 24);
		checks.range("kmeansIterations", this.kmeansIterations, 0, 1000);
		checks.range("centroidBits", this.centroidBits, 4, 16);
		checks.range("mergeFactor", this.mergeFactor, 2, 1000);
		checks.range("searchThreads", this.searchThreads, 1, 256);
		this.plaid.validate(checks.at("plaid"));
		this.lexical.validate(checks.at("lexical"));
	}

}
