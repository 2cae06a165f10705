package dev.colbert.index.format;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MappedFileTests {

	@TempDir
	Path dir;

	@Test
	void theLastHolderUnmapsAndAReadAfterwardsFailsInsteadOfTouchingUnmappedMemory() throws Exception {
		Path path = Files.write(this.dir.resolve("data"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
		MappedFile file = MappedFile.open(path);
		file.retain();
		file.retain();
		assertThat(file.close()).as("close while held").isFalse();
		file.release();
		assertThat(file.isClosed()).isFalse();
		assertThat(file.readInt(0)).isEqualTo(0x04030201);
		file.release();
		assertThat(file.isClosed()).isTrue();
		assertThat(file.close()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> file.readInt(0)).withMessageContaining("unmapped");
		assertThatIllegalStateException().isThrownBy(() -> file.readBytes(0, new byte[4], 0, 4));
		assertThatIllegalStateException().isThrownBy(file::retain).withMessageContaining("already unmapped");
	}

	@Test
	void aFileNobodyHoldsIsUnmappedByClose() throws Exception {
		Path path = Files.write(this.dir.resolve("data"), new byte[16]);
		MappedFile file = MappedFile.open(path);
		assertThat(file.close()).isTrue();
		assertThat(file.isClosed()).isTrue();
		assertThat(Unmapper.isSupported()).as("explicit unmapping on this JVM").isTrue();
	}

}
