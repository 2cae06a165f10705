package dev.colbert.testing;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash harnesses read what a child did from its output after killing it: {@link ChildJvm#output()} after
 * {@link ChildJvm#close()} must hold every line the child wrote, those still in the pipe when it was killed included.
 * ({@link Process#destroyForcibly()} closes the parent's end of the pipe and so dropped them; a crash test then took an
 * acknowledged call for an interrupted one.)
 */
class ChildJvmTests {

	@TempDir
	Path dir;

	@RepeatedTest(5)
	void everyLineWrittenBeforeTheKillIsInTheOutput() throws Exception {
		Path written = Files.write(this.dir.resolve("written"), new byte[Long.BYTES]);
		ChildJvm child = ChildJvm.start(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), CountingChild.class,
				written.toString());
		try (child) {
			// let the child run ahead of the reader for a while, then kill it mid-stream
			while (!child.nextLine(Duration.ofSeconds(60)).equals("2000")) {
				child.requireRunning("line 2000");
			}
			Thread.sleep(200);
			child.kill();
		}
		long lastCertainlyWritten = ByteBuffer.wrap(Files.readAllBytes(written)).getLong();
		List<String> output = child.output();
		assertThat(lastCertainlyWritten).as("lines the child wrote before the kill").isGreaterThan(2000);
		assertThat(output.size()).as("lines read of at least %d written", lastCertainlyWritten + 1)
			.isGreaterThan((int) lastCertainlyWritten);
		for (int i = 0; i <= lastCertainlyWritten; i++) {
			assertThat(output.get(i)).as("line %d", i).isEqualTo(Long.toString(i));
		}
	}

}
