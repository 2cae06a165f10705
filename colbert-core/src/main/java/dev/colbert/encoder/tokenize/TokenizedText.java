package dev.colbert.encoder.tokenize;

/**
 * A text turned into the token sequence the encoder runs, with the ColBERT rules applied.
 *
 * @param ids token ids, {@code [CLS]} first
 * @param attention 1 where BERT attends to the token, 0 where it does not (query {@code [MASK]} padding unless
 * {@code attend_to_mask_tokens})
 * @param kept whether the token's output vector is returned (false for punctuation in documents when masked)
 * @param charStart start offset of each token in the text (UTF-16 index), or -1 for tokens not in the text
 * @param charEnd end offset (exclusive) of each token in the text, or -1
 * @param keptCount how many entries of {@code kept} are true
 */
public record TokenizedText(long[] ids, long[] attention, boolean[] kept, int[] charStart, int[] charEnd,
		int keptCount) {

	/** Number of tokens (the sequence length BERT sees). */
	public int length() {
		return this.ids.length;
	}

}
