package dev.colbert.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.search.SearchParams;
import dev.colbert.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real child JVM ({@link CrashingWriter}) with SIGKILL while it commits, then reopens the index: every
 * acknowledged commit must be there in full (and its deletes applied), the interrupted commit all-or-nothing, and all
 * files must pass their checksums.
 */
class CrashRecoveryTests {

	static final String MODEL = "crash-test-model";

	@TempDir
	Path dir;

	@Test
	void aProcessKilledDuringCommitsReopensAtTheLastCommitWithNothingLost() throws Exception {
		Random random = new Random(3);
		int midCommitKills = 0;
		for (int round = 0; round < 4; round++) {
			Outcome outcome = runAndKill(round, 2 + random.nextInt(3), random);
			if (outcome.killedMidCommit()) {
				midCommitKills++;
			}
			verify(round, outcome);
		}
		assertThat(midCommitKills).as("kills that landed between COMMITTING and COMMITTED").isGreaterThanOrEqualTo(2);
	}

	private Outcome runAndKill(int round, int killAtBatch, Random random) throws Exception {
		ChildJvm child = ChildJvm.start(List.of("-Xmx512m"), CrashingWriter.class, this.dir.toString(),
				String.valueOf(round));
		long lastMillis = 100;
		try (child) {
			while (true) {
				String line = child.nextLine(Duration.ofSeconds(120));
				if (line.startsWith("@@COMMITTED ")) {
					lastMillis = Long.parseLong(line.split(" ")[3]);
				}
				if (line.equals("@@COMMITTING " + killAtBatch)) {
					// land inside the commit: it took about lastMillis last time
					Thread.sleep(random.nextInt((int) Math.max(1, lastMillis * 3 / 4)));
					child.kill();
					break;
				}
			}
		}
		// the child may have gone on while this thread slept (under load, or when the previous commit was a slow one
		// that retrained the codec): what counts is the last batch it reported
		List<String> output = child.output();
		int lastCommitted = -1;
		int lastCommitting = -1;
		for (String line : output) {
			if (line.startsWith("@@COMMITTED ")) {
				lastCommitted = Math.max(lastCommitted, Integer.parseInt(line.split(" ")[1]));
			}
			else if (line.startsWith("@@COMMITTING ")) {
				lastCommitting = Math.max(lastCommitting, Integer.parseInt(line.split(" ")[1]));
			}
		}
		assertThat(lastCommitted).as("child output: %s", output).isGreaterThanOrEqualTo(killAtBatch - 1);
		int inFlight = lastCommitted + 1;
		return new Outcome(lastCommitted, inFlight, lastCommitting == inFlight);
	}

	private void verify(int round, Outcome outcome) throws IOException {
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.builder().centroids(256).mergeFactor(3).build(),
				MODEL, 128)) {
			// the interrupted commit is all or nothing: its documents and its deletes together
			List<IndexDocument> inFlight = CrashingWriter.batch(round, outcome.killedAt());
			long present = inFlight.stream().filter((d) -> index.document(d.id()).isPresent()).count();
			assertThat(present).isIn(0L, (long) inFlight.size());
			int lastApplied = (present > 0) ? outcome.killedAt() : outcome.killedAt() - 1;
			assertThat(lastApplied).as("acknowledged commits are applied").isGreaterThanOrEqualTo(outcome.lastCommitted());
			// acknowledged batches of this round are complete, minus the deletes of applied commits
			for (int batch = 0; batch <= outcome.lastCommitted(); batch++) {
				List<IndexDocument> documents = CrashingWriter.batch(round, batch);
				Set<String> deleted = deletedBy(round, batch + 1, lastApplied);
				for (IndexDocument document : documents) {
					boolean found = index.document(document.id()).isPresent();
					assertThat(found).as("%s after round %d", document.id(), round)
						.isEqualTo(!deleted.contains(document.id()));
				}
				// searchable: a document is found by its own vectors (short synthetic documents can have
				// near-duplicates, so among the top 10; exact search, as this test is about durability and the
				// fixed 256 centroids are too coarse for PLAID on this growing index)
				IndexDocument probe = documents.get(5);
				assertThat(index.search(probe.vectors(), SearchParams.exhaustive(10)).stream().map(SearchHit::id))
					.contains(probe.id());
			}
			// earlier rounds are untouched
			if (round > 0) {
				assertThat(index.document("r" + (round - 1) + "-b0-doc-1")).isPresent();
			}
			assertThat(index.stats().pendingAdds()).isZero();
		}
		try (var files = Files.list(this.dir)) {
			assertThat(files.map((p) -> p.getFileName().toString())).noneMatch((n) -> n.endsWith(".tmp"));
		}
	}

	/** Ids of batch {@code batch - 1} deleted by the commit of {@code batch}, if that commit was applied. */
	private static Set<String> deletedBy(int round, int batch, int lastApplied) {
		Set<String> ids = new HashSet<>();
		if (batch <= lastApplied) {
			for (int i = 0; i < 200; i += 10) {
				ids.add("r" + round + "-b" + (batch - 1) + "-doc-" + i);
			}
		}
		return ids;
	}

	record Outcome(int lastCommitted, int killedAt, boolean killedMidCommit) {
	}

}
