package dev.colbert.opensearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** {@link CodedHits}: the streamed reading of a PLAID search response. */
class CodedHitsTests {

	@Test
	void readsIdsBlobsWithOrWithoutPaddingAndSourcesAndSkipsEverythingElse() throws IOException {
		byte[] first = { 0, 1, 2, (byte) 0xFF, 127, -128 };
		byte[] second = new byte[1000];
		for (int i = 0; i < second.length; i++) {
			second[i] = (byte) (i * 31);
		}
		String json = """
				{"took": 17, "timed_out": false, "_shards": {"total": 2, "failed": 0},
				 "hits": {"max_score": 3.5, "hits": [
				   {"_index": "i", "_id": "a", "_score": 3.5,
				    "_source": {"text": "alpha", "metadata": {"year": 2024, "tags": ["x", "y"]}},
				    "fields": {"other": [1, 2], "%s": ["%s"]}},
				   {"_id": "b", "fields": {"%s": ["%s"]}, "sort": [1]},
				   {"_id": "c", "_source": {"text": "gamma"}}
				 ]}}
				""".formatted(IndexLayout.CODES, Base64.getEncoder().encodeToString(first), IndexLayout.CODES,
				Base64.getEncoder().withoutPadding().encodeToString(second));
		CodedHits.Page page = read(json);
		assertThat(page.tookMillis()).isEqualTo(17);
		assertThat(page.hits()).extracting(CodedHits.CodedHit::id).containsExactly("a", "b", "c");
		assertThat(page.hits().get(0).requireBlob()).isEqualTo(first);
		assertThat(page.hits().get(0).source()).isEqualTo(
				Map.of("text", "alpha", "metadata", Map.of("year", 2024, "tags", java.util.List.of("x", "y"))));
		assertThat(page.hits().get(1).requireBlob()).isEqualTo(second);
		assertThat(page.hits().get(1).source()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> page.hits().get(2).requireBlob())
			.withMessageContaining("'c'")
			.withMessageContaining("not written by this store");
	}

	@Test
	void anEmptyResultMayHaveNoHitsMember() throws IOException {
		assertThat(read("{\"took\": 2}").hits()).isEmpty();
		assertThat(read("{}").tookMillis()).isEqualTo(-1);
	}

	@Test
	void readsTheScrollIdAndTheTotalOfAScrollPage() throws IOException {
		CodedHits.Page page = read("""
				{"_scroll_id": "FGluY2x1ZGVfY29udGV4dF91dWlk", "took": 3,
				 "hits": {"total": {"value": 1234, "relation": "eq"}, "hits": [{"_id": "a"}]}}
				""");
		assertThat(page.scrollId()).isEqualTo("FGluY2x1ZGVfY29udGV4dF91dWlk");
		assertThat(page.total()).isEqualTo(1234);
		assertThat(page.hits()).extracting(CodedHits.CodedHit::id).containsExactly("a");
		assertThat(read("{\"hits\": {\"total\": 7, \"hits\": []}}").total()).as("total as a number").isEqualTo(7);
		CodedHits.Page plain = read("{\"took\": 1, \"hits\": {\"hits\": []}}");
		assertThat(plain.scrollId()).isNull();
		assertThat(plain.total()).isEqualTo(-1);
	}

	@Test
	void aDocumentWithSeveralBlobsIsRefused() throws IOException {
		String blob = Base64.getEncoder().encodeToString(new byte[] { 1 });
		CodedHits.Page page = read("{\"hits\": {\"hits\": [{\"_id\": \"d\", \"fields\": {\"" + IndexLayout.CODES
				+ "\": [\"" + blob + "\", \"" + blob + "\"]}}]}}");
		assertThatIllegalStateException().isThrownBy(() -> page.hits().get(0).requireBlob())
			.withMessageContaining("'d' has 2 compressed vector blobs");
	}

	@Test
	void aHitWithoutAnIdOrAResponseThatIsNotAnObjectIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> read("{\"hits\": {\"hits\": [{\"_score\": 1}]}}"))
			.withMessageContaining("without an _id");
		assertThatIllegalStateException().isThrownBy(() -> read("[1, 2]")).withMessageContaining("not a JSON object");
		assertThatIllegalStateException()
			.isThrownBy(() -> read("{\"hits\": {\"hits\": [{\"_id\": \"e\", \"fields\": {\"" + IndexLayout.CODES
					+ "\": [17]}}]}}"))
			.withMessageContaining("VALUE_NUMBER_INT, not a base64 string");
	}

	private static CodedHits.Page read(String json) throws IOException {
		return CodedHits.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

}
