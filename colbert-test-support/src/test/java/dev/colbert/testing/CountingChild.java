package dev.colbert.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process of {@link ChildJvmTests}: writes the lines {@code 0, 1, 2, ...} to standard output as fast as it can,
 * and after each line has been flushed to the pipe records its number in a file (8 bytes at offset 0), until it is
 * killed. The file survives the kill, so it tells the parent the last line the child had certainly written. Argument:
 * the file.
 */
public final class CountingChild {

	private CountingChild() {
	}

	public static void main(String[] args) throws IOException {
		try (FileChannel written = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
			ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
			for (long i = 0;; i++) {
				System.out.println(i);
				System.out.flush();
				number.clear();
				number.putLong(0, i);
				written.write(number, 0);
			}
		}
	}

}
