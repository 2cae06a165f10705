package dev.colbert.encoder.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;

/**
 * Child-process main for {@link NativeMemoryStabilityTests}: encodes many batches with a tiny model and prints the
 * resident set size (VmRSS) as it goes.
 *
 * <p>Arguments: checkpoint folder, number of measured batches, number of warm-up batches, and optionally KB of native
 * memory to leak per measured batch (a tensor created and never closed: the leak the test must catch).
 */
public final class EncodingLoop {

	private EncodingLoop() {
	}

	public static void main(String[] args) throws Exception {
		Path checkpoint = Path.of(args[0]);
		int batches = Integer.parseInt(args[1]);
		int warmup = Integer.parseInt(args[2]);
		int leakKilobytes = (args.length > 3) ? Integer.parseInt(args[3]) : 0;
		List<String> documents = List.of("late interaction over BERT token vectors, scored by MaxSim.",
				"a second, shorter document.", "third document: " + "words ".repeat(20),
				"fourth document with different length");
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().batchSize(documents.size()).intraOpThreads(1).build());
				NDManager leaks = NDManager.newBaseManager()) {
			for (int i = 0; i < warmup; i++) {
				encodeOnce(encoder, documents, i);
			}
			System.gc();
			long baseline = rssKilobytes();
			System.out.println("RSS_AFTER_WARMUP " + baseline);
			long start = System.nanoTime();
			for (int i = 1; i <= batches; i++) {
				encodeOnce(encoder, documents, i);
				if (leakKilobytes > 0) {
					leaks.create(new float[leakKilobytes * 256]);
				}
				if (i % (batches / 20) == 0) {
					System.out.println("RSS_AT " + i + " " + rssKilobytes());
				}
			}
			System.gc();
			System.out.println("RSS_END " + rssKilobytes());
			System.out.println("BATCHES " + batches + " SECONDS " + (System.nanoTime() - start) / 1e9);
		}
	}

	private static void encodeOnce(ColbertEncoder encoder, List<String> documents, int i) {
		if (i % 2 == 0) {
			encoder.encodeDocuments(documents);
		}
		else {
			encoder.encodeQuery("query number " + (i % 97));
		}
	}

	static long rssKilobytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("no VmRSS in /proc/self/status");
	}

}
