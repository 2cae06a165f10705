package dev.colbert.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.StoredDocument;
import dev.colbert.lexical.LexicalDocument;
import dev.colbert.lexical.LexicalHit;
import dev.colbert.lexical.LexicalIndex;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.reliability.CrashWorkload.Step;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of hybrid retrieval's two indexes: a child JVM ({@link CrashingHybridIngester}) adds and deletes
 * documents through an embedded store with a lexical index and is killed with SIGKILL at a random moment inside an
 * add, round after round on the same directory. Each store call commits the token-vector index and then the lexical
 * index, so a kill can fall between the two commits. After each kill the test first reads both commit points as they
 * were left (how often the lexical side was left behind), then reopens the store, which repairs the lexical side from
 * the stored texts, and checks: every acknowledged add and delete is there, the interrupted call is all or nothing,
 * the token-vector index holds exactly the expected documents (text and metadata), the lexical index holds exactly the
 * same documents with the same contents (its content digests), it is tagged with the token-vector commit, and a sample
 * of documents is found by BM25 through its own words.
 *
 * <p>Rounds: 20 by default, {@code -Dreliability.crash.rounds=N} or 60 with {@code -Dreliability.long=true}; up to as
 * many again while fewer than a quarter of them killed inside an add.
 */
class HybridCrashSafetyTests {

	private static final long SEED = 20261205L;

	@TempDir
	Path dir;

	private long lastAddMillis = 5;

	private long childStartMillis;

	@Test
	void bothSidesHoldTheSameDocumentsAndNothingAcknowledgedIsLostAfterSigkillDuringAdds() throws Exception {
		int rounds = ReliabilityRun.intSetting("reliability.crash.rounds", 20, 60);
		CrashWorkload workload = new CrashWorkload(SEED);
		Random random = new Random(SEED);
		int nextStep = 0;
		int killsInsideAdd = 0;
		int lexicalBehind = 0;
		int interruptedApplied = 0;
		long documentsChecked = 0;
		long lexicalSearches = 0;
		long start = System.nanoTime();
		// A kill aims inside an add from the last add's duration; on a loaded machine the next add may end sooner and the
		// kill miss it. Such a round still checks recovery; extra rounds (at most as many again) make up the kills inside.
		int round = 0;
		for (; round < 2 * rounds && (round < rounds || killsInsideAdd < rounds / 4); round++) {
			int targetStep = nextStep + random.nextInt(2);
			Kill kill = runAndKill(nextStep, targetStep, random);
			if (kill.landedInside()) {
				killsInsideAdd++;
			}
			if (lexicalWasBehind()) {
				lexicalBehind++;
			}
			Verified verified = verify(workload, kill, random);
			documentsChecked += verified.documentsChecked();
			lexicalSearches += verified.searches();
			if (verified.interruptedApplied()) {
				interruptedApplied++;
			}
			nextStep = verified.nextStep();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		ReliabilityRun.report("Hybrid crash safety", String.format(
				"- rounds survived: %d of %d (SIGKILL during adds through the embedded store with a lexical index)%n"
						+ "- kills that landed inside an add: %d; reopens that found the lexical index a commit behind the "
						+ "token-vector index (the kill fell between the two commits of an add or a delete) and "
						+ "repaired it: %d%n"
						+ "- interrupted adds or deletes found applied on reopen: %d (the rest rolled back)%n"
						+ "- documents checked on both sides (presence/absence, text, metadata, lexical content): %d; "
						+ "BM25 self-searches: %d%n"
						+ "- %.1f s in all, of which %.1f s starting child JVMs",
				round, round, killsInsideAdd, lexicalBehind, interruptedApplied, documentsChecked, lexicalSearches,
				seconds, this.childStartMillis / 1000.0));
		assertThat(killsInsideAdd).as("kills that landed inside an add").isGreaterThanOrEqualTo(rounds / 4);
	}

	/** Whether the kill left the lexical commit behind the token-vector commit (read before the store repairs it). */
	private boolean lexicalWasBehind() {
		long vectors;
		try (ColbertIndex index = ColbertIndex.open(this.dir, CrashWorkload.settings(), CrashWorkload.MODEL,
				CrashWorkload.DIM)) {
			vectors = index.stats().generation();
		}
		try (LexicalIndex lexical = LexicalIndex.open(this.dir.resolve(LexicalIndex.DIRECTORY_NAME),
				LexicalSettings.defaults())) {
			return lexical.generation() != vectors;
		}
	}

	private Kill runAndKill(int firstStep, int targetStep, Random random) throws Exception {
		ChildJvm child = ChildJvm.start(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"--add-modules", "jdk.incubator.vector"), CrashingHybridIngester.class, this.dir.toString(),
				String.valueOf(firstStep), String.valueOf(SEED));
		String aim = "@@BEGIN " + targetStep + " ADD";
		try (child) {
			while (true) {
				String line = child.nextLine(Duration.ofSeconds(180));
				if (line.startsWith("@@OPEN ")) {
					this.childStartMillis += child.millisSinceStart();
				}
				if (line.startsWith("@@END ") && line.contains(" ADD ")) {
					this.lastAddMillis = Math.max(1, Long.parseLong(line.split(" ")[3]));
				}
				child.requireRunning("the kill");
				if (line.equals(aim)) {
					// land somewhere inside the add: it took about lastAddMillis the last time
					TimeUnit.MICROSECONDS.sleep((long) (random.nextDouble() * this.lastAddMillis * 1000 * 0.95));
					child.kill();
					break;
				}
			}
		}
		List<String> output = child.output();
		// the child starts with the add of firstStep: everything before it was applied (see verify)
		String lastAcknowledged = (firstStep > 0) ? (firstStep - 1) + " DELETE" : null;
		String lastMarker = null;
		for (String line : output) {
			if (line.startsWith("@@")) {
				lastMarker = line;
			}
			if (line.startsWith("@@END ")) {
				String[] parts = line.split(" ");
				lastAcknowledged = parts[1] + " " + parts[2];
			}
		}
		return new Kill(firstStep, targetStep, lastAcknowledged, aim.equals(lastMarker), lastMarker);
	}

	/**
	 * Reopens the store (which repairs the lexical side) and checks both sides against the workload: the calls up to
	 * the last acknowledged one applied, the interrupted call (the one after it) all or nothing.
	 */
	private Verified verify(CrashWorkload workload, Kill kill, Random random) {
		// the child may have gone on past the add it was aimed at before the kill took effect
		int lastStep = kill.targetStep() + 1;
		if (kill.lastAcknowledged() != null) {
			lastStep = Math.max(lastStep, Integer.parseInt(kill.lastAcknowledged().split(" ")[0]) + 1);
		}
		List<Call> calls = calls(workload, lastStep);
		int acknowledged = -1;
		for (int i = 0; i < calls.size(); i++) {
			if (calls.get(i).name().equals(kill.lastAcknowledged())) {
				acknowledged = i;
			}
		}
		Map<String, Integer> before = new LinkedHashMap<>();
		for (int i = 0; i <= acknowledged; i++) {
			calls.get(i).apply(before);
		}
		Map<String, Integer> after = new LinkedHashMap<>(before);
		Call interrupted = calls.get(acknowledged + 1);
		interrupted.apply(after);
		long checked = 0;
		int searches = 0;
		boolean interruptedApplied;
		try (EmbeddedTokenVectorStore store = EmbeddedTokenVectorStore.open(this.dir, CrashWorkload.settings(),
				CrashWorkload.MODEL, CrashWorkload.DIM, LexicalSettings.defaults())) {
			ColbertIndex index = store.index();
			Map<String, Integer> live = new HashMap<>();
			for (String id : index.documentIds()) {
				StoredDocument stored = index.document(id).orElseThrow();
				live.put(id, (Integer) stored.metadata().get("version"));
			}
			assertThat(live).as("token-vector documents after %s (the interrupted %s all or nothing)", kill,
					interrupted.name())
				.isIn(before, after);
			interruptedApplied = live.equals(after);
			Map<String, Integer> expected = live;
			Map<String, Long> expectedHashes = new HashMap<>();
			for (Map.Entry<String, Integer> entry : expected.entrySet()) {
				IndexDocument written = CrashWorkload.document(entry.getKey(), entry.getValue());
				StoredDocument stored = index.document(entry.getKey()).orElseThrow();
				assertThat(stored.text()).as("text of %s", entry.getKey()).isEqualTo(written.text());
				assertThat(stored.metadata()).as("metadata of %s", entry.getKey()).isEqualTo(written.metadata());
				expectedHashes.put(entry.getKey(),
						new LexicalDocument(written.id(), written.text(), written.metadata()).contentHash());
				checked++;
			}
			LexicalIndex lexical = store.lexicalIndex().orElseThrow();
			assertThat(lexical.contentHashes()).as("lexical documents after %s", kill).isEqualTo(expectedHashes);
			assertThat(lexical.generation()).as("the lexical commit matches the token-vector commit")
				.isEqualTo(index.stats().generation());
			checked += expectedHashes.size();
			List<String> ids = new ArrayList<>(expected.keySet());
			for (int i = 0; i < Math.min(10, ids.size()); i++) {
				String id = ids.get(random.nextInt(ids.size()));
				// "s3-d5" is analysed into "s3" and "d5": only that document has both
				List<LexicalHit> hits = lexical.search(id.replace('-', ' '), 1, null);
				assertThat(hits).extracting(LexicalHit::id).as("BM25 self-search of %s after %s", id, kill)
					.containsExactly(id);
				searches++;
			}
		}
		// The next child starts with the add of its first step: after an applied delete, the next step; otherwise this
		// step again (adding its documents again changes nothing when its add was applied).
		int nextStep = (interrupted.isDelete() && interruptedApplied) ? interrupted.step() + 1 : interrupted.step();
		return new Verified(nextStep, checked, searches, interruptedApplied && !before.equals(after));
	}

	/** The store calls of steps 0..lastStep, in order. */
	private static List<Call> calls(CrashWorkload workload, int lastStep) {
		List<Call> calls = new ArrayList<>();
		for (int s = 0; s <= lastStep; s++) {
			Step step = workload.step(s);
			calls.add(new Call(s, true, step));
			calls.add(new Call(s, false, step));
		}
		return calls;
	}

	/** One store call: the add or the delete of a step. */
	record Call(int step, boolean isAdd, Step content) {

		String name() {
			return this.step + (this.isAdd ? " ADD" : " DELETE");
		}

		boolean isDelete() {
			return !this.isAdd;
		}

		void apply(Map<String, Integer> state) {
			if (this.isAdd) {
				for (String id : this.content.adds()) {
					state.put(id, this.step);
				}
			}
			else {
				for (String id : this.content.deletes()) {
					state.remove(id);
				}
			}
		}

	}

	record Kill(int firstStep, int targetStep, String lastAcknowledged, boolean landedInside, String lastMarker) {
	}

	record Verified(int nextStep, long documentsChecked, int searches, boolean interruptedApplied) {
	}

}
