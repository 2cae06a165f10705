package dev.colbert.search.explain;

/**
 * One token of an encoded text, as it appears in an explanation.
 *
 * @param index the row of the token in the text's {@link dev.colbert.encoder.TokenVectors}
 * @param tokenId the vocabulary id of the token
 * @param text the token as it appears in the original text ({@code text.substring(start, end)}); for tokens that are not
 * in the text ({@code [CLS]}, markers, {@code [SEP]}, {@code [MASK]} padding) the vocabulary's name of the token when
 * one was given to the explainer, otherwise {@code null}
 * @param start the character offset of the token's first character in the original text, or {@code -1} when the token
 * is not in the text
 * @param end the character offset just after the token's last character, or {@code -1} when the token is not in the
 * text
 */
public record TokenRef(int index, int tokenId, String text, int start, int end) {

	/** Whether this token comes from the original text (as opposed to a special or padding token). */
	public boolean inText() {
		return this.start >= 0;
	}

}
