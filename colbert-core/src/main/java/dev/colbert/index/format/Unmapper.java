package dev.colbert.index.format;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps a {@link java.nio.MappedByteBuffer} now instead of when the garbage collector finds it unreachable, with
 * {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}, present from Java 9; Lucene's
 * {@code MMapDirectory} used it up to Java 18). Where it is missing, buffers are left to the garbage collector, as
 * before.
 *
 * <p>Unmapping is only safe when no thread can read the buffer any more: a read after it crashes the JVM. Callers
 * guarantee that by reference counting (see {@link MappedFile#release()}).
 */
final class Unmapper {

	private static final Logger logger = LoggerFactory.getLogger(Unmapper.class);

	private static final MethodHandle INVOKE_CLEANER = lookUp();

	private Unmapper() {
	}

	private static MethodHandle lookUp() {
		try {
			Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
			Field field = unsafeClass.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			Object unsafe = field.get(null);
			return MethodHandles.lookup()
				.findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
				.bindTo(unsafe);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("Index files cannot be unmapped explicitly on this JVM ({}); replaced files stay mapped until "
					+ "a garbage collection", ex.toString());
			return null;
		}
	}

	/** Whether {@link #unmap} unmaps (otherwise the garbage collector does, later). */
	static boolean isSupported() {
		return INVOKE_CLEANER != null;
	}

	/** Unmaps a direct buffer that came from {@code FileChannel.map}; does nothing for a heap buffer. */
	static void unmap(ByteBuffer buffer) {
		if (INVOKE_CLEANER == null || !buffer.isDirect()) {
			return;
		}
		try {
			INVOKE_CLEANER.invokeExact(buffer);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("unmapping failed", ex);
		}
	}

}
