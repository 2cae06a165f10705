package dev.colbert.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a search response of a {@link CandidateGeneration#PLAID} index as a stream: each hit's id, its code blob
 * (decoded from base64 straight into bytes) and its {@code _source}. The candidates' codes are most of a PLAID
 * response (about 8.6 MB at k = 100 on SciFact at dim 384); mapping them into a tree of JSON values and strings first,
 * as the typed client does, took about as long as the engine's search.
 *
 * <p>Expects the response shape that {@link #FILTER_PATH} leaves: {@code {"took": n, "_scroll_id": "...", "hits":
 * {"total": {"value": n}, "hits": [{"_id": ..., "_source": {...}, "fields": {"codes": ["base64"]}}]}}}, where an empty
 * result may have no {@code hits} at all and only scroll pages have a {@code _scroll_id}; other members are skipped.
 */
final class CodedHits {

	/** The response members this reader needs, for the request's {@code filter_path}. */
	static final String FILTER_PATH = "took,_scroll_id,hits.total,hits.hits._id,hits.hits._source,hits.hits.fields";

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/** Standard base64; OpenSearch writes binary doc values without padding, the bulk request sent them with it. */
	private static final Base64Variant BLOB_BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

	private CodedHits() {
	}

	/**
	 * One candidate.
	 *
	 * @param id the document id
	 * @param blob its code blob ({@link PlaidCodec}), {@code null} when the document has none
	 * @param blobs how many blobs the document has (1 for a passage this store wrote)
	 * @param source its {@code _source} (text and metadata), empty when absent
	 */
	record CodedHit(String id, byte[] blob, int blobs, Map<?, ?> source) {

		/**
		 * The blob.
		 * @throws IllegalStateException naming the document when it has no blob or several (not written by this
		 * store)
		 */
		byte[] requireBlob() {
			if (this.blob == null) {
				throw new IllegalStateException("document '" + this.id + "' has no compressed vectors (field '"
						+ IndexLayout.CODES + "'): it was not written by this store");
			}
			if (this.blobs != 1) {
				throw new IllegalStateException("document '" + this.id + "' has " + this.blobs
						+ " compressed vector blobs, expected 1");
			}
			return this.blob;
		}

	}

	/**
	 * The hits of a response and the engine's {@code took}.
	 *
	 * @param hits in response order
	 * @param tookMillis the engine's {@code took}, -1 when absent
	 * @param scrollId the scroll to continue with, {@code null} when the search was not a scroll
	 * @param total the matching documents when the request tracked them, -1 when absent
	 */
	record Page(List<CodedHit> hits, long tookMillis, String scrollId, long total) {

	}

	/** Reads a response body. */
	static Page read(InputStream body) throws IOException {
		try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
			expect(parser.nextToken(), JsonToken.START_OBJECT, "the response");
			List<CodedHit> hits = new ArrayList<>();
			long took = -1;
			long total = -1;
			String scrollId = null;
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("took".equals(name) && value.isNumeric()) {
					took = parser.getLongValue();
				}
				else if ("_scroll_id".equals(name) && value == JsonToken.VALUE_STRING) {
					scrollId = parser.getText();
				}
				else if ("hits".equals(name) && value == JsonToken.START_OBJECT) {
					total = readOuterHits(parser, hits);
				}
				else {
					parser.skipChildren();
				}
			}
			return new Page(hits, took, scrollId, total);
		}
	}

	/** Reads the outer {@code hits} object into {@code hits}; returns its total, -1 when absent. */
	private static long readOuterHits(JsonParser parser, List<CodedHit> hits) throws IOException {
		long total = -1;
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("hits".equals(name) && value == JsonToken.START_ARRAY) {
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					hits.add(readHit(parser));
				}
			}
			else if ("total".equals(name) && value.isNumeric()) {
				total = parser.getLongValue();
			}
			else if ("total".equals(name) && value == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					boolean count = "value".equals(parser.currentName());
					if (parser.nextToken().isNumeric() && count) {
						total = parser.getLongValue();
					}
					else {
						parser.skipChildren();
					}
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return total;
	}

	private static CodedHit readHit(JsonParser parser) throws IOException {
		String id = null;
		byte[] blob = null;
		int blobs = 0;
		Map<?, ?> source = Map.of();
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("_id".equals(name) && value == JsonToken.VALUE_STRING) {
				id = parser.getText();
			}
			else if ("_source".equals(name) && value == JsonToken.START_OBJECT) {
				source = MAPPER.readValue(parser, Map.class);
			}
			else if ("fields".equals(name) && value == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					boolean codes = IndexLayout.CODES.equals(parser.currentName());
					JsonToken field = parser.nextToken();
					if (codes && field == JsonToken.START_ARRAY) {
						JsonToken element;
						while ((element = parser.nextToken()) == JsonToken.VALUE_STRING) {
							blobs++;
							byte[] decoded = parser.getBinaryValue(BLOB_BASE64);
							blob = (blob == null) ? decoded : blob;
						}
						if (element != JsonToken.END_ARRAY) {
							throw new IllegalStateException("a search hit's '" + IndexLayout.CODES + "' holds a "
									+ element + ", not a base64 string: it was not written by this store");
						}
					}
					else {
						parser.skipChildren();
					}
				}
			}
			else {
				parser.skipChildren();
			}
		}
		if (id == null) {
			throw new IllegalStateException("a search hit without an _id in the response");
		}
		return new CodedHit(id, blob, blobs, source);
	}

	private static void expect(JsonToken actual, JsonToken expected, String what) {
		if (actual != expected) {
			throw new IllegalStateException(what + " is not a JSON object (" + actual + ")");
		}
	}

}
