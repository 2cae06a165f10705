package dev.colbert.training.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frozen outputs of a training job survive on disk: appended at checkpoints, read back on resume, and a torn,
 * corrupt or foreign file costs only recomputation.
 */
class PrefixCacheFileTests {

	@TempDir
	Path directory;

	@Test
	void appendedEntriesAreReadBackAsSavedOnes() throws IOException {
		PrefixCacheFile file = new PrefixCacheFile(this.directory.resolve("frozen.bin"), "job-a");
		PrefixCache cache = new PrefixCache(1 << 20);
		cache.put(false, "a document", new float[] { 1, 2, 3 });
		cache.put(true, "a query", new float[] { 4, 5 });
		assertThat(file.appendUnsaved(cache)).isEqualTo(2);
		assertThat(file.appendUnsaved(cache)).as("nothing new since the last append").isZero();
		cache.put(false, "a document", new float[] { 9, 9, 9 });
		cache.put(false, "another document", new float[] { 6, 7, 8, 9 });
		assertThat(file.appendUnsaved(cache)).as("only what is new").isEqualTo(1);

		PrefixCache resumed = new PrefixCache(1 << 20);
		assertThat(file.loadInto(resumed)).isEqualTo(3);
		assertThat(resumed.get(false, "a document")).containsExactly(1, 2, 3);
		assertThat(resumed.get(true, "a query")).containsExactly(4, 5);
		assertThat(resumed.get(false, "another document")).containsExactly(6, 7, 8, 9);
		assertThat(resumed.get(true, "a document")).as("queries and documents are kept apart").isNull();
		assertThat(resumed.bytes()).isEqualTo(9L * Float.BYTES);
		assertThat(file.appendUnsaved(resumed)).as("what was read back is not written again").isZero();
	}

	@Test
	void aTornTailIsCutSoThatLaterAppendsStayReadable() throws IOException {
		Path path = this.directory.resolve("frozen.bin");
		PrefixCacheFile file = new PrefixCacheFile(path, "job-a");
		long good = appendTwoRecords(file);
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
			channel.truncate(Files.size(path) - 5);
		}

		PrefixCache resumed = new PrefixCache(1 << 20);
		assertThat(file.loadInto(resumed)).isEqualTo(1);
		assertThat(Files.size(path)).isEqualTo(good);
		resumed.put(false, "third", new float[] { 7 });
		file.appendUnsaved(resumed);
		PrefixCache again = new PrefixCache(1 << 20);
		assertThat(file.loadInto(again)).isEqualTo(2);
		assertThat(again.get(false, "third")).containsExactly(7);
	}

	@Test
	void aCorruptRecordEndsTheReading() throws IOException {
		Path path = this.directory.resolve("frozen.bin");
		PrefixCacheFile file = new PrefixCacheFile(path, "job-a");
		long good = appendTwoRecords(file);
		byte[] bytes = Files.readAllBytes(path);
		bytes[bytes.length - 12] ^= 0x10; // a float of the second record
		Files.write(path, bytes);

		PrefixCache resumed = new PrefixCache(1 << 20);
		assertThat(file.loadInto(resumed)).isEqualTo(1);
		assertThat(resumed.get(false, "second")).isNull();
		assertThat(Files.size(path)).isEqualTo(good);
	}

	@Test
	void aFileOfAnotherJobIsDiscarded() throws IOException {
		Path path = this.directory.resolve("frozen.bin");
		PrefixCache cache = new PrefixCache(1 << 20);
		cache.put(false, "first", new float[] { 1, 2 });
		new PrefixCacheFile(path, "job-a").appendUnsaved(cache);

		PrefixCache other = new PrefixCache(1 << 20);
		assertThat(new PrefixCacheFile(path, "job-b").loadInto(other)).isZero();
		assertThat(other.size()).isZero();
		assertThat(path).doesNotExist();
	}

	@Test
	void readingStopsWhenTheCacheIsFull() throws IOException {
		PrefixCacheFile file = new PrefixCacheFile(this.directory.resolve("frozen.bin"), "job-a");
		PrefixCache cache = new PrefixCache(1 << 20);
		for (int i = 0; i < 10; i++) {
			cache.put(false, "document " + i, new float[] { i, i, i, i });
		}
		file.appendUnsaved(cache);
		PrefixCache small = new PrefixCache(3L * 4 * Float.BYTES);
		assertThat(file.loadInto(small)).isEqualTo(3);
		assertThat(small.get(false, "document 2")).containsExactly(2, 2, 2, 2);
		assertThat(small.get(false, "document 3")).isNull();
	}

	/**
	 * Appends the records "first" and then "second", each at its own checkpoint.
	 * @return the file's size after the first one
	 */
	private static long appendTwoRecords(PrefixCacheFile file) throws IOException {
		PrefixCache cache = new PrefixCache(1 << 20);
		cache.put(false, "first", new float[] { 1, 2 });
		file.appendUnsaved(cache);
		long afterFirst = Files.size(file.file());
		cache.put(false, "second", new float[] { 3, 4, 5, 6 });
		file.appendUnsaved(cache);
		return afterFirst;
	}

}
