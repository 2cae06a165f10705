package dev.colbert.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.SearchHit;
import dev.colbert.index.StoredDocument;
import dev.colbert.reliability.CrashWorkload.Phase;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety: a child JVM ({@link CrashingIngester}) ingests into a real index and is killed with SIGKILL at a random
 * moment inside a chosen phase (staging adds, staging deletes, commit, compaction, re-clustering), round after round
 * on the same directory. After each kill the index is reopened with full checksum verification and compared with
 * the state the workload defines: every acknowledged step is there (documents with their text and metadata, deletes
 * applied), the interrupted step is all or nothing, no other document is visible, documents are found by search, and
 * no temporary file survives the reopen.
 *
 * <p>Rounds: 20 by default, {@code -Dreliability.crash.rounds=N} or 60 with {@code -Dreliability.long=true}.
 */
class CrashSafetyTests {

	private static final long SEED = 20261126L;

	@TempDir
	Path dir;

	private final Map<Phase, Long> lastMillis = new EnumMap<>(Phase.class);

	private long childStartMillis;

	@Test
	void everyAcknowledgedDocumentSurvivesSigkillAtRandomMoments() throws Exception {
		int rounds = ReliabilityRun.intSetting("reliability.crash.rounds", 20, 60);
		CrashWorkload workload = new CrashWorkload(SEED);
		Random random = new Random(SEED);
		Map<Phase, Integer> killsInside = new EnumMap<>(Phase.class);
		Map<Phase, Integer> killsAimed = new EnumMap<>(Phase.class);
		int nextStep = 0;
		long documentsChecked = 0;
		long searchesChecked = 0;
		int interruptedApplied = 0;
		long start = System.nanoTime();
		for (int round = 0; round < rounds; round++) {
			Phase target = Phase.values()[round % Phase.values().length];
			int targetStep = workload.nextStepEndingWith(nextStep + random.nextInt(2), target);
			Kill kill = runAndKill(nextStep, targetStep, target, random);
			killsAimed.merge(target, 1, Integer::sum);
			if (kill.landedInside()) {
				killsInside.merge(target, 1, Integer::sum);
			}
			Verified verified = verify(workload, kill, random);
			documentsChecked += verified.documentsChecked();
			searchesChecked += verified.searches();
			if (verified.appliedStep() > kill.lastAcknowledged()) {
				interruptedApplied++;
			}
			nextStep = verified.appliedStep() + 1;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		ReliabilityRun.report("Crash safety", String.format(
				"- rounds survived: %d of %d (SIGKILL each), steps applied: %d, final documents: %d%n"
						+ "- kills aimed per phase: %s; landed inside the phase: %s%n"
						+ "- interrupted commits found applied on reopen: %d (the rest rolled back to the last acknowledged step)%n"
						+ "- documents checked (presence/absence, text, metadata): %d; self-searches: %d%n"
						+ "- %.1f s in all, of which %.1f s starting child JVMs (JVM, libtorch, index open)",
				rounds, rounds, nextStep, workload.stateAfter(nextStep - 1).size(), new TreeMap<>(killsAimed),
				new TreeMap<>(killsInside), interruptedApplied, documentsChecked, searchesChecked, seconds, this.childStartMillis / 1000.0));
		assertThat(killsInside.getOrDefault(Phase.COMMIT, 0) + killsInside.getOrDefault(Phase.COMPACT, 0)
				+ killsInside.getOrDefault(Phase.RECLUSTER, 0)).as("kills that landed inside a commit, compaction or re-clustering")
			.isGreaterThanOrEqualTo(rounds / 4);
	}

	private Kill runAndKill(int firstStep, int targetStep, Phase target, Random random) throws Exception {
		ChildJvm child = ChildJvm.start(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"--add-modules", "jdk.incubator.vector"), CrashingIngester.class, this.dir.toString(),
				String.valueOf(firstStep), String.valueOf(SEED));
		String aim = "@@BEGIN " + targetStep + " " + target;
		try (child) {
			while (true) {
				String line = child.nextLine(Duration.ofSeconds(180));
				if (line.startsWith("@@OPEN ")) {
					this.childStartMillis += child.millisSinceStart();
				}
				if (line.startsWith("@@END ")) {
					String[] parts = line.split(" ");
					this.lastMillis.put(Phase.valueOf(parts[2]), Long.parseLong(parts[3]));
				}
				child.requireRunning("the kill");
				if (line.equals(aim)) {
					// land somewhere inside the phase: it took about lastMillis the last time
					long expected = this.lastMillis.getOrDefault(target, (target == Phase.ADD || target == Phase.DELETE) ? 1L : 150L);
					long sleepMicros = (long) (random.nextDouble() * expected * 1000 * 0.9);
					TimeUnit.MICROSECONDS.sleep(sleepMicros);
					child.kill();
					break;
				}
			}
		}
		List<String> output = child.output();
		int lastAcknowledged = firstStep - 1;
		String lastMarker = null;
		for (String line : output) {
			if (line.startsWith("@@")) {
				lastMarker = line;
			}
			if (line.startsWith("@@END ")) {
				String[] parts = line.split(" ");
				Phase phase = Phase.valueOf(parts[2]);
				if (phase != Phase.ADD && phase != Phase.DELETE) {
					lastAcknowledged = Integer.parseInt(parts[1]);
				}
			}
		}
		boolean inside = aim.equals(lastMarker);
		return new Kill(firstStep, targetStep, target, lastAcknowledged, inside, lastMarker);
	}

	private Verified verify(CrashWorkload workload, Kill kill, Random random) throws IOException {
		int acknowledged = kill.lastAcknowledged();
		Map<String, Integer> before = workload.stateAfter(acknowledged);
		Map<String, Integer> after = new java.util.LinkedHashMap<>(before);
		CrashWorkload.Step interrupted = workload.step(acknowledged + 1);
		CrashWorkload.apply(after, interrupted);
		Set<String> everWritten = new LinkedHashSet<>();
		for (int s = 0; s <= acknowledged + 1; s++) {
			everWritten.addAll(workload.step(s).adds());
		}
		long documentsChecked = 0;
		int searches = 0;
		int appliedStep;
		try (ColbertIndex index = ColbertIndex.open(this.dir, CrashWorkload.settings(), CrashWorkload.MODEL,
				CrashWorkload.DIM)) {
			// a fresh id of the interrupted step tells whether its commit point was published
			boolean interruptedVisible = index.document(CrashWorkload.id(acknowledged + 1, 0)).isPresent();
			if (interruptedVisible) {
				assertThat(kill.lastMarker()).as("a step can only become durable inside its commit phase (%s)", kill)
					.isEqualTo("@@BEGIN " + (acknowledged + 1) + " " + interrupted.end());
			}
			Map<String, Integer> expected = interruptedVisible ? after : before;
			appliedStep = interruptedVisible ? acknowledged + 1 : acknowledged;
			for (String id : everWritten) {
				Optional<StoredDocument> stored = index.document(id);
				Integer version = expected.get(id);
				if (version == null) {
					assertThat(stored).as("%s must not be visible after %s", id, kill).isEmpty();
				}
				else {
					assertThat(stored).as("%s (version %d) must survive %s", id, version, kill).isPresent();
					IndexDocument written = CrashWorkload.document(id, version);
					assertThat(stored.get().text()).as("text of %s", id).isEqualTo(written.text());
					assertThat(stored.get().metadata()).as("metadata of %s", id).isEqualTo(written.metadata());
					assertThat(stored.get().tokenVectors()).as("token vectors of %s", id)
						.isEqualTo(written.vectors().count());
				}
				documentsChecked++;
			}
			assertThat(index.stats().documents()).as("live documents after %s", kill).isEqualTo(expected.size());
			assertThat(index.stats().pendingAdds()).isZero();
			// searchable: a sample of live documents, each found by its own vectors (exact MaxSim, top 5)
			List<String> live = new ArrayList<>(expected.keySet());
			for (int i = 0; i < Math.min(25, live.size()); i++) {
				String id = live.get(random.nextInt(live.size()));
				TokenVectors query = CrashWorkload.document(id, expected.get(id)).vectors();
				List<SearchHit> hits = index.search(query, SearchParams.exhaustive(5));
				assertThat(hits).extracting(SearchHit::id).as("self-search of %s after %s", id, kill).contains(id);
				searches++;
			}
		}
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files.map((p) -> p.getFileName().toString())).as("files after reopen")
				.noneMatch((name) -> name.endsWith(".tmp"));
		}
		return new Verified(appliedStep, documentsChecked, searches);
	}

	record Kill(int firstStep, int targetStep, Phase target, int lastAcknowledged, boolean landedInside,
			String lastMarker) {
	}

	record Verified(int appliedStep, long documentsChecked, int searches) {
	}

}
