package dev.colbert.spring.ai;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.ai.vectorstore.filter.Filter;

import dev.colbert.store.EncodedDocument;
import dev.colbert.store.ScoredDocument;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.StoreStats;
import dev.colbert.store.TokenVectorStore;

/**
 * Test-only exact MaxSim store over uncompressed vectors with the documented filter semantics. It exists to run the
 * Spring AI layer's tests before the embedded store is available; production stores live in their own modules.
 */
public final class InMemoryTokenVectorStore implements TokenVectorStore {

	private final String fingerprint;

	private final int dim;

	private final Map<String, EncodedDocument> documents = new LinkedHashMap<>();

	private boolean closed;

	public InMemoryTokenVectorStore(String fingerprint, int dim) {
		this.fingerprint = fingerprint;
		this.dim = dim;
	}

	@Override
	public synchronized void add(List<EncodedDocument> batch) {
		checkOpen();
		for (EncodedDocument document : batch) {
			if (document.id().isBlank()) {
				throw new IllegalArgumentException("Document id must not be blank");
			}
			if (document.vectors().dim() != this.dim) {
				throw new IllegalArgumentException("Document '" + document.id() + "' has vectors of dimension "
						+ document.vectors().dim() + ", expected " + this.dim);
			}
		}
		for (EncodedDocument document : batch) {
			this.documents.put(document.id(), document);
		}
	}

	@Override
	public synchronized int delete(Collection<String> ids) {
		checkOpen();
		int deleted = 0;
		for (String id : ids) {
			if (this.documents.remove(id) != null) {
				deleted++;
			}
		}
		return deleted;
	}

	@Override
	public synchronized int delete(Filter.Expression filter) {
		checkOpen();
		List<String> ids = this.documents.values()
			.stream()
			.filter((document) -> matches(filter, document.metadata()))
			.map(EncodedDocument::id)
			.toList();
		return delete(ids);
	}

	@Override
	public synchronized List<ScoredDocument> search(StoreQuery query) {
		checkOpen();
		List<ScoredDocument> hits = new ArrayList<>();
		for (EncodedDocument document : this.documents.values()) {
			if (query.filter() != null && !matches(query.filter(), document.metadata())) {
				continue;
			}
			double maxSim = maxSim(query, document);
			double score = maxSim / query.vectors().count();
			if (score >= query.minScore()) {
				hits.add(new ScoredDocument(document.id(), maxSim, score, document.text(), document.metadata()));
			}
		}
		hits.sort(Comparator.comparingDouble(ScoredDocument::maxSim).reversed().thenComparing(ScoredDocument::id));
		return List.copyOf(hits.subList(0, Math.min(query.topK(), hits.size())));
	}

	private double maxSim(StoreQuery query, EncodedDocument document) {
		float[] q = query.vectors().data();
		float[] d = document.vectors().data();
		double sum = 0;
		for (int i = 0; i < query.vectors().count(); i++) {
			float best = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < document.vectors().count(); j++) {
				float dot = 0;
				for (int k = 0; k < this.dim; k++) {
					dot += q[i * this.dim + k] * d[j * this.dim + k];
				}
				best = Math.max(best, dot);
			}
			sum += (document.vectors().count() > 0) ? best : 0;
		}
		return sum;
	}

	@Override
	public synchronized StoreStats stats() {
		long vectors = this.documents.values().stream().mapToLong((document) -> document.vectors().count()).sum();
		return new StoreStats("in-memory-test", this.documents.size(), vectors, -1, Map.of());
	}

	@Override
	public String modelFingerprint() {
		return this.fingerprint;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("store is closed");
		}
	}

	static boolean matches(Filter.Operand operand, Map<String, Object> metadata) {
		if (operand instanceof Filter.Group group) {
			return matches(group.content(), metadata);
		}
		Filter.Expression expression = (Filter.Expression) operand;
		return switch (expression.type()) {
			case AND -> matches(expression.left(), metadata) && matches(expression.right(), metadata);
			case OR -> matches(expression.left(), metadata) || matches(expression.right(), metadata);
			case NOT -> !matches(expression.left(), metadata);
			case ISNULL -> value(expression, metadata) == null;
			case ISNOTNULL -> value(expression, metadata) != null;
			case EQ -> any(value(expression, metadata), (v) -> equal(v, operandValue(expression)));
			case NE -> !any(value(expression, metadata), (v) -> equal(v, operandValue(expression)));
			case GT -> any(value(expression, metadata), (v) -> compare(v, operandValue(expression)) > 0);
			case GTE -> any(value(expression, metadata), (v) -> compare(v, operandValue(expression)) >= 0);
			case LT -> any(value(expression, metadata), (v) -> {
				Integer c = compareOrNull(v, operandValue(expression));
				return c != null && c < 0;
			});
			case LTE -> any(value(expression, metadata), (v) -> {
				Integer c = compareOrNull(v, operandValue(expression));
				return c != null && c <= 0;
			});
			case IN -> any(value(expression, metadata), (v) -> in(v, (List<?>) operandValue(expression)));
			case NIN -> !any(value(expression, metadata), (v) -> in(v, (List<?>) operandValue(expression)));
			default -> throw new IllegalArgumentException("unsupported " + expression.type());
		};
	}

	private static Object value(Filter.Expression expression, Map<String, Object> metadata) {
		return metadata.get(((Filter.Key) expression.left()).key());
	}

	/** A list-valued key is multi-valued: a test matches when any element matches. */
	private static boolean any(Object value, java.util.function.Predicate<Object> test) {
		if (value instanceof List<?> list) {
			return list.stream().anyMatch(test);
		}
		return test.test(value);
	}

	private static Object operandValue(Filter.Expression expression) {
		return ((Filter.Value) expression.right()).value();
	}

	private static boolean in(Object value, List<?> values) {
		return value != null && values.stream().anyMatch((candidate) -> equal(value, candidate));
	}

	private static boolean equal(Object a, Object b) {
		if (a == null || b == null) {
			return false;
		}
		if (a instanceof Number x && b instanceof Number y) {
			return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
		}
		return Objects.equals(a, b);
	}

	private static int compare(Object a, Object b) {
		Integer c = compareOrNull(a, b);
		return (c != null) ? c : Integer.MIN_VALUE;
	}

	private static Integer compareOrNull(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return Double.compare(x.doubleValue(), y.doubleValue());
		}
		if (a instanceof String x && b instanceof String y) {
			return x.compareTo(y);
		}
		return null;
	}

}
