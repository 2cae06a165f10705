package dev.colbert.encoder.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ModelLoadException;

/**
 * Starts DJL's PyTorch engine (libtorch from {@code pytorch-native-cpu}, or a CUDA build the user supplies) and applies
 * the engine-wide settings.
 */
public final class EngineSupport {

	/** DJL's name of the PyTorch engine. */
	public static final String ENGINE = "PyTorch";

	private static final Logger logger = LoggerFactory.getLogger(EngineSupport.class);

	private EngineSupport() {
	}

	/** The PyTorch engine, loading libtorch on first use. */
	public static Engine engine() {
		try {
			return Engine.getEngine(ENGINE);
		}
		catch (EngineException | IllegalArgumentException ex) {
			throw new ModelLoadException("the PyTorch engine cannot start (" + ex.getMessage() + "); the classpath needs "
					+ "ai.djl.pytorch:pytorch-engine and a native build such as ai.djl.pytorch:pytorch-native-cpu "
					+ "(classifier linux-x86_64)", ex);
		}
	}

	/**
	 * Resolves a device setting.
	 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
	 * @throws ModelLoadException if CUDA is asked for but the loaded libtorch has no such GPU
	 */
	public static Device device(String device) {
		if (device.equals("cpu")) {
			return Device.cpu();
		}
		int index = device.contains(":") ? Integer.parseInt(device.substring(device.indexOf(':') + 1)) : 0;
		Engine engine = engine();
		int gpus = engine.getGpuCount();
		if (index >= gpus) {
			throw new ModelLoadException("device " + device + " is not available: the PyTorch engine (libtorch "
					+ engine.getVersion() + ") sees " + gpus + " CUDA device(s). The bundled pytorch-native-cpu "
					+ "build has no CUDA; put a CUDA build of libtorch on the classpath (for example "
					+ "ai.djl.pytorch:pytorch-native-cu124) instead of pytorch-native-cpu, or use device cpu");
		}
		return Device.gpu(index);
	}

	/** A manager for model weights on the device. */
	public static NDManager newManager(Device device) {
		return NDManager.newBaseManager(device, ENGINE);
	}

	/**
	 * Sets libtorch's intra-op thread count for the calling thread only.
	 *
	 * <p>libtorch keeps the count per thread (the OpenMP and MKL settings of the thread), initialized from a
	 * process-wide value on a thread's first operation; {@code set_num_threads} changes both. This method changes the
	 * calling thread's count, then restores the process-wide value from a short-lived helper thread, so that other
	 * threads keep theirs. A thread that runs its very first libtorch operation during those microseconds would start
	 * with the worker's count.
	 * @param threads the count, or 0 to leave the thread as it is
	 */
	public static void useIntraOpThreadsOnCurrentThread(int threads) {
		engine();
		if (threads <= 0) {
			return;
		}
		synchronized (EngineSupport.class) {
			int processWide = JniUtils.getNumThreads();
			if (processWide == threads) {
				return;
			}
			JniUtils.setNumThreads(threads);
			Thread restore = new Thread(() -> JniUtils.setNumThreads(processWide), "colbert-torch-threads-restore");
			restore.start();
			try {
				restore.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The calling thread's intra-op thread count. */
	public static int intraOpThreads() {
		engine();
		return JniUtils.getNumThreads();
	}

}
