package dev.colbert.autoconfigure.store;

import java.util.function.UnaryOperator;

import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;

/**
 * Applies the configured {@code colbert.store.embedded.plaid.*} values to the reference search parameters of each
 * query; unset values keep the reference defaults for the query's top-K. {@code ndocs} is raised to 4 x top-K when a
 * query asks for more documents than a quarter of it (PLAID's third stage keeps {@code ndocs / 4} candidates).
 */
final class PlaidOverrides implements UnaryOperator<SearchParams> {

	private final Integer ncells;

	private final Double centroidScoreThreshold;

	private final Integer ndocs;

	PlaidOverrides(PlaidProperties plaid) {
		this.ncells = plaid.getNcells();
		this.centroidScoreThreshold = plaid.getCentroidScoreThreshold();
		this.ndocs = plaid.getNdocs();
	}

	/** Whether any value is configured (otherwise the reference parameters are used unchanged). */
	boolean isEmpty() {
		return this.ncells == null && this.centroidScoreThreshold == null && this.ndocs == null;
	}

	@Override
	public SearchParams apply(SearchParams reference) {
		if (reference.mode() != SearchMode.PLAID) {
			return reference;
		}
		SearchParams params = reference;
		if (this.ncells != null) {
			params = params.withNcells(this.ncells);
		}
		if (this.centroidScoreThreshold != null) {
			params = params.withCentroidScoreThreshold(this.centroidScoreThreshold.floatValue());
		}
		if (this.ndocs != null) {
			params = params.withNdocs((int) Math.min(Integer.MAX_VALUE, Math.max(this.ndocs, 4L * params.k())));
		}
		return params;
	}

	@Override
	public String toString() {
		return "PlaidOverrides[ncells=" + describe(this.ncells) + ", centroidScoreThreshold="
				+ describe(this.centroidScoreThreshold) + ", ndocs=" + describe(this.ndocs) + "]";
	}

	private static String describe(Object value) {
		return (value != null) ? value.toString() : "reference";
	}

}
