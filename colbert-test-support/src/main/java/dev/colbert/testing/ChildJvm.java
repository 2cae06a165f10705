package dev.colbert.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test class path, for the crash tests that kill a writer part-way: its
 * output (standard output and error together) is read line by line as it comes, and {@link #kill()} ends it with
 * SIGKILL, losing none of the lines it wrote.
 *
 * <pre class="code">
 * try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), CrashingWriter.class, dir.toString())) {
 *     while (!child.nextLine(Duration.ofSeconds(120)).equals("@@COMMITTING 3")) {
 *         child.requireRunning("the kill");
 *     }
 *     child.kill();
 * }
 * // child.output(): every line it wrote, the ones after the awaited line included
 * </pre>
 */
public final class ChildJvm implements AutoCloseable {

	private static final int TAIL_LINES = 30;

	private final Process process;

	private final long startNanos;

	private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();

	private final List<String> output = new ArrayList<>();

	private final Thread reader;

	private ChildJvm(Process process, long startNanos) {
		this.process = process;
		this.startNanos = startNanos;
		this.reader = new Thread(this::readOutput, "child-jvm-output");
		this.reader.start();
	}

	/**
	 * Starts {@code java <jvmOptions> -cp <this JVM's class path> <mainClass> <args>} with this JVM's {@code java}.
	 */
	public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(List.of(args));
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		return new ChildJvm(process, started);
	}

	private void readOutput() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				this.pending.add(line);
			}
		}
		catch (IOException ex) {
			// nothing closes the pipe before the reader reaches its end, so this is a real read error: show it in the
			// output rather than end it silently
			this.pending.add("@@CHILD-JVM-READ-ERROR " + ex);
		}
	}

	/** Milliseconds since the child was started. */
	public long millisSinceStart() {
		return (System.nanoTime() - this.startNanos) / 1_000_000;
	}

	/**
	 * The next line the child writes, waiting at most {@code timeout}; it is added to {@link #output()}.
	 * @throws AssertionError when no line comes in time, with the last lines
	 */
	public String nextLine(Duration timeout) throws InterruptedException {
		String line = this.pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (line == null) {
			throw new AssertionError("child gave no output for " + timeout.toSeconds() + " s; last lines: " + tail());
		}
		this.output.add(line);
		return line;
	}

	/**
	 * Fails when the child has exited and every line it wrote has been read, that is before {@code what}.
	 * @throws AssertionError with the exit code and the last lines
	 */
	public void requireRunning(String what) {
		if (!this.process.isAlive() && this.pending.isEmpty()) {
			throw new AssertionError(
					"child exited with " + this.process.exitValue() + " before " + what + "; output: " + tail());
		}
	}

	/**
	 * Kills the child with SIGKILL and waits until it is gone. The kill goes through the {@link ProcessHandle}:
	 * {@link Process#destroyForcibly()} also closes the parent's end of the output pipe, which drops the lines the child
	 * wrote and the reader had not yet read.
	 */
	public void kill() throws InterruptedException {
		this.process.toHandle().destroyForcibly();
		this.process.waitFor();
	}

	/** Kills the child if it still runs and reads the rest of its output into {@link #output()}. */
	@Override
	public void close() throws InterruptedException {
		kill();
		this.reader.join();
		this.pending.drainTo(this.output);
	}

	/** The lines read so far, in order: after {@link #close()}, every line the child wrote. */
	public List<String> output() {
		return Collections.unmodifiableList(this.output);
	}

	/** The last lines of {@link #output()}, for failure messages. */
	public List<String> tail() {
		return List.copyOf(this.output.subList(Math.max(0, this.output.size() - TAIL_LINES), this.output.size()));
	}

}
