package dev.colbert.search;

import java.util.Arrays;

/**
 * Keeps the {@code capacity} best (score, key) pairs seen, best meaning higher score, then lower key: a heap whose root
 * is the worst retained pair. The result does not depend on the order of the offers, so partial results computed in
 * parallel merge into exactly the sequential result.
 */
final class TopScores {

	private final float[] scores;

	private final long[] keys;

	private int size;

	TopScores(int capacity) {
		this.scores = new float[Math.max(capacity, 1)];
		this.keys = new long[Math.max(capacity, 1)];
	}

	int size() {
		return this.size;
	}

	void offer(float score, long key) {
		if (this.size < this.scores.length) {
			int i = this.size++;
			this.scores[i] = score;
			this.keys[i] = key;
			siftUp(i);
		}
		else if (worse(this.scores[0], this.keys[0], score, key)) {
			this.scores[0] = score;
			this.keys[0] = key;
			siftDown(0);
		}
	}

	/** Offers every pair of another instance. */
	void offerAll(TopScores other) {
		for (int i = 0; i < other.size; i++) {
			offer(other.scores[i], other.keys[i]);
		}
	}

	/** Whether (s1, k1) ranks below (s2, k2). */
	private static boolean worse(float s1, long k1, float s2, long k2) {
		int c = Float.compare(s1, s2);
		return (c != 0) ? c < 0 : k1 > k2;
	}

	/** Keys best first. */
	long[] keysDescending() {
		Integer[] order = new Integer[this.size];
		for (int i = 0; i < this.size; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> {
			int c = Float.compare(this.scores[b], this.scores[a]);
			return (c != 0) ? c : Long.compare(this.keys[a], this.keys[b]);
		});
		long[] result = new long[this.size];
		for (int i = 0; i < this.size; i++) {
			result[i] = this.keys[order[i]];
		}
		return result;
	}

	/** Scores in the order of {@link #keysDescending()}. */
	ScoredDoc[] drainDescending() {
		Integer[] order = new Integer[this.size];
		for (int i = 0; i < this.size; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> {
			int c = Float.compare(this.scores[b], this.scores[a]);
			return (c != 0) ? c : Long.compare(this.keys[a], this.keys[b]);
		});
		ScoredDoc[] result = new ScoredDoc[this.size];
		for (int i = 0; i < this.size; i++) {
			long key = this.keys[order[i]];
			result[i] = new ScoredDoc((int) (key >>> 32), (int) key, this.scores[order[i]]);
		}
		return result;
	}

	static long key(int segment, int doc) {
		return ((long) segment << 32) | (doc & 0xFFFFFFFFL);
	}

	private void siftUp(int i) {
		while (i > 0) {
			int parent = (i - 1) >>> 1;
			if (!worse(this.scores[i], this.keys[i], this.scores[parent], this.keys[parent])) {
				break;
			}
			swap(i, parent);
			i = parent;
		}
	}

	private void siftDown(int i) {
		while (true) {
			int left = 2 * i + 1;
			if (left >= this.size) {
				break;
			}
			int smallest = left;
			int right = left + 1;
			if (right < this.size && worse(this.scores[right], this.keys[right], this.scores[left], this.keys[left])) {
				smallest = right;
			}
			if (!worse(this.scores[smallest], this.keys[smallest], this.scores[i], this.keys[i])) {
				break;
			}
			swap(i, smallest);
			i = smallest;
		}
	}

	private void swap(int a, int b) {
		float s = this.scores[a];
		this.scores[a] = this.scores[b];
		this.scores[b] = s;
		long k = this.keys[a];
		this.keys[a] = this.keys[b];
		this.keys[b] = k;
	}

}
