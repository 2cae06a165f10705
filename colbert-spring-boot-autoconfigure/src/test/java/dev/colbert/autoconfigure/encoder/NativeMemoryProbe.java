package dev.colbert.autoconfigure.encoder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;

/**
 * Run in a child JVM with a fixed, pre-touched heap (so heap growth does not show as resident memory) by
 * {@link ContextRestartNativeMemoryTests}. Arguments: the checkpoint folder, the mode ({@code restarts}: start and
 * close a context with the whole auto-configured stack (encoder, embedded index in a folder next to the checkpoint,
 * vector store, retriever), add documents and retrieve; {@code unclosed}: load encoders and keep them open), the
 * warm-up rounds and the measured rounds. Prints {@code BASELINE_RSS=} and {@code FINAL_RSS=} in bytes and
 * {@code BASELINE_THREADS=} and {@code FINAL_THREADS=} (live Java threads), {@code BASELINE_OS_THREADS=} and
 * {@code FINAL_OS_THREADS=} (all threads of the process, libtorch's included), {@code BASELINE_JVM_NON_HEAP=} and
 * {@code FINAL_JVM_NON_HEAP=} (committed metaspace and code cache, in bytes).
 */
public final class NativeMemoryProbe {

	private NativeMemoryProbe() {
	}

	public static void main(String[] args) throws IOException {
		Path checkpoint = Path.of(args[0]);
		String mode = args[1];
		int warmUp = Integer.parseInt(args[2]);
		int rounds = Integer.parseInt(args[3]);
		ApplicationContextRunner contextRunner = new ApplicationContextRunner()
			.withConfiguration(mode.equals("encoder-restarts")
					? AutoConfigurations.of(ColbertEncoderAutoConfiguration.class)
					: AutoConfigurations.of(ColbertEncoderAutoConfiguration.class,
							ColbertEmbeddedStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class))
			.withPropertyValues("colbert.model=" + checkpoint,
					"colbert.store.embedded.path=" + checkpoint.resolveSibling(checkpoint.getFileName() + "-index"),
					"colbert.store.embedded.search-threads=2");
		for (int i = 0; i < warmUp; i++) {
			if (mode.equals("encoder-restarts")) {
				contextRunner.run((context) -> encodeSomething(context.getBean(ColbertEncoder.class)));
			}
			else {
				contextRunner.run(NativeMemoryProbe::useTheStack);
			}
		}
		System.out.println("BASELINE_RSS=" + residentBytes());
		System.out.println("BASELINE_JVM_NON_HEAP=" + jvmNonHeapBytes());
		System.out.println("BASELINE_THREADS=" + liveThreads());
		System.out.println("BASELINE_OS_THREADS=" + status("Threads:"));
		List<ColbertEncoder> open = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			if (mode.equals("restarts")) {
				contextRunner.run(NativeMemoryProbe::useTheStack);
			}
			else if (mode.equals("encoder-restarts")) {
				contextRunner.run((context) -> encodeSomething(context.getBean(ColbertEncoder.class)));
			}
			else {
				ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(), EncoderOptions.defaults());
				encodeSomething(encoder);
				open.add(encoder);
			}
		}
		System.out.println("FINAL_RSS=" + residentBytes());
		System.out.println("FINAL_JVM_NON_HEAP=" + jvmNonHeapBytes());
		System.out.println("FINAL_THREADS=" + liveThreads());
		System.out.println("FINAL_OS_THREADS=" + status("Threads:"));
		open.forEach(ColbertEncoder::close);
	}

	private static void useTheStack(ApplicationContext context) {
		encodeSomething(context.getBean(ColbertEncoder.class));
		context.getBean(VectorStore.class)
			.add(List.of(new Document("a", "late interaction keeps one vector per token", Map.of("n", 1)),
					new Document("b", "the context closes the encoder and the index", Map.of("n", 2))));
		if (context.getBean(DocumentRetriever.class).retrieve(new Query("what does the context close?")).isEmpty()) {
			throw new IllegalStateException("the retriever found nothing");
		}
	}

	private static void encodeSomething(ColbertEncoder encoder) {
		encoder.encodeDocuments(List.of("late interaction keeps one vector per token",
				"the context closes the encoder and its native memory"));
		encoder.encodeQuery("what does the context close?");
	}

	/**
	 * Committed bytes of the JVM's own non-heap pools (metaspace, compressed class space, code cache): they grow with
	 * the classes each context generates and the code the JIT compiles, not with the encoder or the index.
	 */
	static long jvmNonHeapBytes() {
		long bytes = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.NON_HEAP) {
				bytes += pool.getUsage().getCommitted();
			}
		}
		return bytes;
	}

	/** Live Java threads of the whole JVM (every thread group, daemon threads included). */
	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	static long residentBytes() throws IOException {
		System.gc();
		return status("VmRSS:") * 1024;
	}

	/** A number of /proc/self/status ({@code VmRSS:} in kB, {@code Threads:} all OS threads, native ones included). */
	static long status(String key) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(key)) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("/proc/self/status has no " + key + " line");
	}

}
