package dev.colbert.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outputs of the frozen part of the model by text, so that each distinct query or document runs the frozen layers
 * once per training job. Bounded by bytes: when full, new outputs are not cached (they are recomputed when needed).
 * Entries cached since the last {@link #drainUnsaved()} are kept in order, so that {@link PrefixCacheFile} can append
 * them to disk at each checkpoint and a resumed job starts with them. Thread-safe.
 */
public final class PrefixCache {

	private final ConcurrentHashMap<String, float[]> rows = new ConcurrentHashMap<>();

	private final long maxBytes;

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicLong hits = new AtomicLong();

	private final AtomicLong misses = new AtomicLong();

	private final ConcurrentLinkedQueue<String> unsaved = new ConcurrentLinkedQueue<>();

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
		String key = key(query, text);
		boolean added = putKey(key, values);
		if (added) {
			this.unsaved.add(key);
		}
		return added || this.rows.containsKey(key);
	}

	/**
	 * Caches rows read back from disk (by their {@link #drainUnsaved()} key) when the budget allows; they are not
	 * unsaved.
	 * @return whether they were added
	 */
	boolean putSaved(String key, float[] values) {
		return putKey(key, values);
	}

	/** Whether the budget has no room left for rows of this many floats. */
	boolean full(long floats) {
		return this.bytes.get() + floats * Float.BYTES > this.maxBytes;
	}

	/** The entries cached since the last call, as (key, rows), in the order they were cached. */
	List<Map.Entry<String, float[]>> drainUnsaved() {
		List<Map.Entry<String, float[]>> drained = new ArrayList<>();
		for (String key = this.unsaved.poll(); key != null; key = this.unsaved.poll()) {
			float[] values = this.rows.get(key);
			if (values != null) {
				drained.add(Map.entry(key, values));
			}
		}
		return drained;
	}

	private boolean putKey(String key, float[] values) {
		long size = (long) values.length * Float.BYTES;
		if (this.bytes.addAndGet(size) > this.maxBytes) {
			this.bytes.addAndGet(-size);
			return false;
		}
		if (this.rows.putIfAbsent(key, values) != null) {
			this.bytes.addAndGet(-size);
			return false;
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
		this.unsaved.clear();
		this.bytes.set(0);
	}

	private static String key(boolean query, String text) {
		return (query ? "q\u0000" : "d\u0000") + text;
	}

}
