package dev.colbert.training.model;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outputs of the frozen part of the model by text, so that each distinct query or document runs the frozen layers
 * once per training job. Bounded by bytes: when full, new outputs are not cached (they are recomputed when needed).
 * Thread-safe.
 */
public final class PrefixCache {

	private final ConcurrentHashMap<String, float[]> rows = new ConcurrentHashMap<>();

	private final long maxBytes;

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicLong hits = new AtomicLong();

	private final AtomicLong misses = new AtomicLong();

	/**
	 * @param maxBytes how much memory the cached float arrays may take
	 */
	public PrefixCache(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/** The cached rows of a text, or {@code null}; counts a hit or a miss. */
	public float[] get(boolean query, String text) {
		float[] cached = this.rows.get(key(query, text));
		(cached != null ? this.hits : this.misses).incrementAndGet();
		return cached;
	}

	/** Caches rows when the budget allows; returns whether they were cached. */
	public boolean put(boolean query, String text, float[] values) {
		long size = (long) values.length * Float.BYTES;
		if (this.bytes.addAndGet(size) > this.maxBytes) {
			this.bytes.addAndGet(-size);
			return false;
		}
		if (this.rows.putIfAbsent(key(query, text), values) != null) {
			this.bytes.addAndGet(-size);
		}
		return true;
	}

	public long bytes() {
		return this.bytes.get();
	}

	public int size() {
		return this.rows.size();
	}

	public long hits() {
		return this.hits.get();
	}

	public long misses() {
		return this.misses.get();
	}

	public void clear() {
		this.rows.clear();
		this.bytes.set(0);
	}

	private static String key(boolean query, String text) {
		return (query ? "q\u0000" : "d\u0000") + text;
	}

}
