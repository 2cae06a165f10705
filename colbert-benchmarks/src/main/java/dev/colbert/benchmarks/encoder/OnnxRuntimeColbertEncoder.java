package dev.colbert.benchmarks.encoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.MalformedModelException;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.inference.OnnxRuntimeBert;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.encoder.tokenize.TokenizedText;

/**
 * The benchmark's peer: the same ColBERT pipeline as the PyTorch encoder (same tokenizer and rules, same length
 * sorting and batch boundaries, L2 normalization, punctuation dropped), with the BERT forward pass run by ONNX Runtime
 * ({@link OnnxRuntimeBert}, DJL's OnnxRuntime engine) on the original ONNX file, in padded batches. Single-threaded use
 * only.
 */
final class OnnxRuntimeColbertEncoder implements ColbertEncoder {

	private final OnnxRuntimeBert bert;

	private final ColbertTokenizer tokenizer;

	private final EncoderInfo info;

	private final int batchSize;

	OnnxRuntimeColbertEncoder(Path onnxFile, ColbertTokenizer tokenizer, EncoderInfo info, int threads)
			throws IOException, MalformedModelException {
		this(onnxFile, tokenizer, info, threads, 1);
	}

	/** With {@code concurrency} predictors on one session, so that as many callers run at once. */
	OnnxRuntimeColbertEncoder(Path onnxFile, ColbertTokenizer tokenizer, EncoderInfo info, int threads, int concurrency)
			throws IOException, MalformedModelException {
		this.bert = OnnxRuntimeBert.load(onnxFile, onnxFile.getFileName().toString(), info.dim(), threads, concurrency);
		this.tokenizer = tokenizer;
		this.info = info;
		this.batchSize = info.batchSize();
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		TokenizedText[] texts = { this.tokenizer.query(query) };
		TokenVectors[] out = new TokenVectors[1];
		run(texts, new int[] { 0 }, 0, 1, out);
		return out[0];
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		TokenizedText[] texts = this.tokenizer.documents(documents);
		int[] order = IntStream.range(0, texts.length)
			.boxed()
			.sorted(Comparator.comparingInt((Integer i) -> texts[i].length()).reversed())
			.mapToInt(Integer::intValue)
			.toArray();
		TokenVectors[] out = new TokenVectors[texts.length];
		for (int from = 0; from < order.length; from += this.batchSize) {
			run(texts, order, from, Math.min(from + this.batchSize, order.length), out);
		}
		return Arrays.asList(out);
	}

	private void run(TokenizedText[] texts, int[] order, int from, int to, TokenVectors[] out) {
		this.bert.encode(texts, order, from, to, out);
	}

	@Override
	public EncoderInfo info() {
		return this.info;
	}

	@Override
	public void close() {
		this.bert.close();
	}

}
