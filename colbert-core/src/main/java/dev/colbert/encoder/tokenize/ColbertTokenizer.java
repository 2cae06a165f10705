package dev.colbert.encoder.tokenize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.model.ColbertSettings;

/**
 * Applies ColBERT's tokenization rules on top of a HuggingFace WordPiece tokenizer (DJL's native binding).
 *
 * <p>Queries: {@code [CLS]}, the query marker (when markers are on), the tokens truncated so that the whole fits
 * {@code query_maxlen}, {@code [SEP]}; with augmentation, {@code [MASK]} up to {@code query_maxlen}, attended only when
 * {@code attend_to_mask_tokens}. Every query token yields a vector. Documents: {@code [CLS]}, the document marker, the
 * tokens truncated so that the whole fits {@code doc_maxlen}, {@code [SEP]}; all attended; punctuation tokens (the id
 * of each character of ASCII punctuation tokenized alone, the reference's skiplist) yield no vector when
 * {@code mask_punctuation}. This is what stanford-futuredata/ColBERT's QueryTokenizer, DocTokenizer and
 * {@code ColBERT.mask} do.
 *
 * <p>The tokenizer.json's own padding and truncation settings are switched off: the rules above decide lengths.
 * Thread-safe.
 */
public final class ColbertTokenizer implements AutoCloseable {

	/** Python's {@code string.punctuation}. */
	public static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	private final HuggingFaceTokenizer tokenizer;

	private final Vocabulary vocabulary;

	private final ColbertSettings settings;

	private final long cls;

	private final long sep;

	private final long mask;

	private final long queryMarker;

	private final long documentMarker;

	private final Set<Long> skiplist;

	private ColbertTokenizer(HuggingFaceTokenizer tokenizer, Vocabulary vocabulary, ColbertSettings settings,
			String fileName) {
		this.tokenizer = tokenizer;
		this.vocabulary = vocabulary;
		this.settings = settings;
		this.cls = vocabulary.require("[CLS]", fileName, "sequence start");
		this.sep = vocabulary.require("[SEP]", fileName, "sequence end");
		this.mask = vocabulary.require("[MASK]", fileName, "query augmentation");
		this.queryMarker = vocabulary.require(settings.queryMarker(), fileName, "query marker");
		this.documentMarker = vocabulary.require(settings.documentMarker(), fileName, "document marker");
		Set<Long> skiplist = new HashSet<>();
		for (char symbol : PUNCTUATION.toCharArray()) {
			long[] ids = tokenizer.encode(String.valueOf(symbol), false, false).getIds();
			if (ids.length > 0) {
				skiplist.add(ids[0]);
			}
		}
		this.skiplist = Set.copyOf(skiplist);
	}

	/**
	 * Creates a tokenizer from the bytes of a tokenizer.json.
	 * @param tokenizerJson the file's content
	 * @param fileName the file's name, for error messages
	 * @param settings the ColBERT rules
	 * @throws ModelLoadException if the file is not a usable BERT tokenizer
	 */
	public static ColbertTokenizer create(byte[] tokenizerJson, String fileName, ColbertSettings settings) {
		Vocabulary vocabulary = Vocabulary.fromTokenizerJson(tokenizerJson, fileName);
		HuggingFaceTokenizer tokenizer;
		try {
			tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
					Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
		}
		catch (IOException | RuntimeException ex) {
			throw new ModelLoadException(fileName + ": the HuggingFace tokenizer rejected it (" + ex.getMessage()
					+ ")", ex);
		}
		try {
			return new ColbertTokenizer(tokenizer, vocabulary, settings, fileName);
		}
		catch (RuntimeException ex) {
			tokenizer.close();
			throw ex;
		}
	}

	public Vocabulary vocabulary() {
		return this.vocabulary;
	}

	public ColbertSettings settings() {
		return this.settings;
	}

	/** The ids of the punctuation skiplist. */
	public Set<Long> skiplist() {
		return this.skiplist;
	}

	/**
	 * Tokenizes a query.
	 * @throws IllegalArgumentException if the query is null or blank
	 */
	public TokenizedText query(String query) {
		if (query == null || query.isBlank()) {
			throw new IllegalArgumentException("query must not be null or blank");
		}
		Encoding encoding = this.tokenizer.encode(query, false, false);
		return queryFrom(query, encoding);
	}

	/** Tokenizes a document (null is refused, an empty text gives only the special tokens). */
	public TokenizedText document(String document) {
		if (document == null) {
			throw new IllegalArgumentException("document must not be null");
		}
		return documentFrom(document, this.tokenizer.encode(document, false, false));
	}

	/** Tokenizes documents in parallel (the native tokenizer's threads); one result per input, in order. */
	public TokenizedText[] documents(List<String> documents) {
		for (int i = 0; i < documents.size(); i++) {
			if (documents.get(i) == null) {
				throw new IllegalArgumentException("document " + i + " is null");
			}
		}
		Encoding[] encodings = this.tokenizer.batchEncode(documents, false, false);
		TokenizedText[] texts = new TokenizedText[encodings.length];
		for (int i = 0; i < encodings.length; i++) {
			texts[i] = documentFrom(documents.get(i), encodings[i]);
		}
		return texts;
	}

	private TokenizedText queryFrom(String text, Encoding encoding) {
		ColbertSettings rules = this.settings;
		int maxLength = rules.queryMaxLength();
		int prefix = rules.markers() ? 2 : 1;
		int contentLength = Math.min(encoding.getIds().length, maxLength - prefix - 1);
		int length = rules.queryAugmentation() ? maxLength : prefix + contentLength + 1;
		Sequence sequence = new Sequence(length);
		sequence.prefix(rules.markers() ? this.queryMarker : -1);
		sequence.content(text, encoding, contentLength, false);
		sequence.put(this.sep, 1, true, -1, -1);
		long maskAttention = rules.attendToMaskTokens() ? 1 : 0;
		while (sequence.position < length) {
			sequence.put(this.mask, maskAttention, true, -1, -1);
		}
		return sequence.build();
	}

	private TokenizedText documentFrom(String text, Encoding encoding) {
		ColbertSettings rules = this.settings;
		int prefix = rules.markers() ? 2 : 1;
		int contentLength = Math.min(encoding.getIds().length, rules.documentMaxLength() - prefix - 1);
		Sequence sequence = new Sequence(prefix + contentLength + 1);
		sequence.prefix(rules.markers() ? this.documentMarker : -1);
		sequence.content(text, encoding, contentLength, rules.maskPunctuation());
		sequence.put(this.sep, 1, true, -1, -1);
		return sequence.build();
	}

	@Override
	public void close() {
		this.tokenizer.close();
	}

	/** Builds one token sequence. */
	private final class Sequence {

		final long[] ids;

		final long[] attention;

		final boolean[] kept;

		final int[] charStart;

		final int[] charEnd;

		int position;

		int keptCount;

		Sequence(int length) {
			this.ids = new long[length];
			this.attention = new long[length];
			this.kept = new boolean[length];
			this.charStart = new int[length];
			this.charEnd = new int[length];
		}

		void prefix(long marker) {
			put(ColbertTokenizer.this.cls, 1, true, -1, -1);
			if (marker >= 0) {
				put(marker, 1, true, -1, -1);
			}
		}

		void content(String text, Encoding encoding, int count, boolean maskPunctuation) {
			long[] tokenIds = encoding.getIds();
			CharSpan[] spans = encoding.getCharTokenSpans();
			Utf16Offsets offsets = Utf16Offsets.of(text);
			for (int i = 0; i < count; i++) {
				long id = tokenIds[i];
				CharSpan span = (spans != null && i < spans.length) ? spans[i] : null;
				int start = (span != null) ? offsets.toUtf16(span.getStart()) : -1;
				int end = (span != null) ? offsets.toUtf16(span.getEnd()) : -1;
				put(id, 1, !(maskPunctuation && ColbertTokenizer.this.skiplist.contains(id)), start, end);
			}
		}

		void put(long id, long attend, boolean keep, int start, int end) {
			this.ids[this.position] = id;
			this.attention[this.position] = attend;
			this.kept[this.position] = keep;
			this.charStart[this.position] = start;
			this.charEnd[this.position] = end;
			if (keep) {
				this.keptCount++;
			}
			this.position++;
		}

		TokenizedText build() {
			if (this.position != this.ids.length) {
				throw new IllegalStateException("built " + this.position + " of " + this.ids.length + " tokens: "
						+ Arrays.toString(this.ids));
			}
			return new TokenizedText(this.ids, this.attention, this.kept, this.charStart, this.charEnd,
					this.keptCount);
		}

	}

}
