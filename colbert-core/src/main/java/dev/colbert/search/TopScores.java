package dev.colbert.search;

import java.util.Arrays;

/**
 * Keeps the {@code capacity} best (score, key) pairs seen: a min-heap on score. Ties keep the earlier entry.
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

	/** The lowest retained score once full, else negative infinity. */
	float threshold() {
		return (this.size == this.scores.length) ? this.scores[0] : Float.NEGATIVE_INFINITY;
	}

	void offer(float score, long key) {
		if (this.size < this.scores.length) {
			int i = this.size++;
			this.scores[i] = score;
			this.keys[i] = key;
			siftUp(i);
		}
		else if (score > this.scores[0]) {
			this.scores[0] = score;
			this.keys[0] = key;
			siftDown(0);
		}
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
			if (this.scores[i] >= this.scores[parent]) {
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
			if (right < this.size && this.scores[right] < this.scores[left]) {
				smallest = right;
			}
			if (this.scores[i] <= this.scores[smallest]) {
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
