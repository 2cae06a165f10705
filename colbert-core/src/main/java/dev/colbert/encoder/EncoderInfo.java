package dev.colbert.encoder;

/**
 * Describes a loaded encoder.
 *
 * @param source where the model came from, as configured (for example {@code embedded:bge-small-en-v1.5}, a folder or a
 * hub id)
 * @param backbone the backbone's name (for example {@code BAAI/bge-small-en-v1.5}, from config.json's
 * {@code _name_or_path} or the source)
 * @param hiddenSize the BERT hidden size
 * @param layers the number of BERT layers
 * @param dim the size of the output vectors (after the linear projection)
 * @param queryMaxLength query_maxlen in tokens, markers included
 * @param documentMaxLength doc_maxlen in tokens, markers included
 * @param queryAugmentation whether queries are padded with {@code [MASK]} to query_maxlen
 * @param attendToMaskTokens whether BERT attends to the {@code [MASK]} padding
 * @param maskPunctuation whether punctuation tokens are dropped from documents
 * @param fingerprint a stable hex digest of the weights and every setting that changes the document vectors (not
 * of the query-side settings: query length and augmentation); an index built with one fingerprint refuses an encoder
 * with another
 * @param markers whether the query/document markers are inserted after {@code [CLS]}
 * @param batchSize texts per forward pass when encoding documents
 * @param device the device the model runs on ({@code cpu}, {@code cuda:0}, ...)
 */
public record EncoderInfo(String source, String backbone, int hiddenSize, int layers, int dim, int queryMaxLength,
		int documentMaxLength, boolean queryAugmentation, boolean attendToMaskTokens, boolean maskPunctuation,
		String fingerprint, boolean markers, int batchSize, String device) {

	/**
	 * The original eleven-value form, kept for callers written against it: markers on, batch size 8, CPU.
	 */
	public EncoderInfo(String source, String backbone, int hiddenSize, int layers, int dim, int queryMaxLength,
			int documentMaxLength, boolean queryAugmentation, boolean attendToMaskTokens, boolean maskPunctuation,
			String fingerprint) {
		this(source, backbone, hiddenSize, layers, dim, queryMaxLength, documentMaxLength, queryAugmentation,
				attendToMaskTokens, maskPunctuation, fingerprint, true, 8, "cpu");
	}

}
