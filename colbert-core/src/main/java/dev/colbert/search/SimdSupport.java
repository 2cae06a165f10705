package dev.colbert.search;

import java.lang.reflect.InvocationTargetException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the search kernels once per JVM. The Java Vector API kernels ({@link VectorKernels}) run the exact scoring,
 * centroid interaction and query-centroid scores three to six times faster than plain Java on AVX2 hardware (see
 * docs/BENCHMARKS.md); they need the incubating module, enabled with the JVM option
 * {@code --add-modules jdk.incubator.vector}. Without it, or with {@code -Dcolbert.simd=false}, or where 256-bit
 * vectors are not native (the Vector API would emulate them slowly), the plain Java kernels with stage 1 on libtorch
 * are used. Results are the same either way up to float rounding.
 */
public final class SimdSupport {

	/** System property that disables the Vector API kernels when set to {@code false}. */
	public static final String PROPERTY = "colbert.simd";

	private static final String MODULE = "jdk.incubator.vector";

	private static final Logger logger = LoggerFactory.getLogger(SimdSupport.class);

	private static final ScoringKernels KERNELS = select();

	private SimdSupport() {
	}

	/** Whether searches use the Vector API kernels. */
	public static boolean enabled() {
		return KERNELS != ScalarKernels.INSTANCE;
	}

	/** Which kernels searches use, for logs and benchmarks. */
	public static String description() {
		return KERNELS.description();
	}

	static ScoringKernels kernels() {
		return KERNELS;
	}

	/** The plain Java kernels, whatever was selected (for tests comparing the two). */
	static ScoringKernels scalar() {
		return ScalarKernels.INSTANCE;
	}

	/** The Vector API kernels, or null when the module is not present (for tests comparing the two). */
	static ScoringKernels vector() {
		return (KERNELS != ScalarKernels.INSTANCE) ? KERNELS : loadVectorKernels();
	}

	private static ScoringKernels select() {
		if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
			logger.info("Search kernels: plain Java (-D{}=false)", PROPERTY);
			return ScalarKernels.INSTANCE;
		}
		if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
			logger.info("Search kernels: plain Java. Start the JVM with --add-modules {} for 3-6x faster exact "
					+ "scoring and query-centroid scores", MODULE);
			return ScalarKernels.INSTANCE;
		}
		ScoringKernels kernels = loadVectorKernels();
		if (kernels == null) {
			return ScalarKernels.INSTANCE;
		}
		logger.info("Search kernels: {}", kernels.description());
		return kernels;
	}

	private static ScoringKernels loadVectorKernels() {
		if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
			return null;
		}
		try {
			// by name: this class must load without the incubator module
			Class<?> type = Class.forName("dev.colbert.search.VectorKernels");
			return (ScoringKernels) type.getDeclaredConstructor().newInstance();
		}
		catch (InvocationTargetException ex) {
			logger.info("Search kernels: plain Java ({})", ex.getCause().getMessage());
			return null;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			logger.warn("Search kernels: plain Java; the Vector API kernels failed to load: {}", ex.toString());
			return null;
		}
	}

}
