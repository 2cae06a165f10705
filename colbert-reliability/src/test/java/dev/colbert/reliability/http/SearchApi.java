package dev.colbert.reliability.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.colbert.search.SearchMode;
import dev.colbert.spring.ai.ColbertDocumentMetadata;
import dev.colbert.spring.ai.ColbertSearchRequest;
import dev.colbert.spring.ai.ColbertVectorStore;

/** The search and document API of {@link ReliabilityWebApp}. */
@RestController
class SearchApi {

	private final ColbertVectorStore vectorStore;

	SearchApi(ColbertVectorStore vectorStore) {
		this.vectorStore = vectorStore;
	}

	@GetMapping("/api/search")
	SearchResponse search(@RequestParam(name = "q", required = false) String q,
			@RequestParam(name = "k", defaultValue = "10") int k,
			@RequestParam(name = "mode", required = false) String mode,
			@RequestParam(name = "filter", required = false) String filter) {
		return run(new SearchBody(q, k, mode, filter));
	}

	@PostMapping("/api/search")
	SearchResponse searchPost(@RequestBody SearchBody body) {
		return run(body);
	}

	private SearchResponse run(SearchBody body) {
		SearchRequest.Builder request = SearchRequest.builder()
			.query((body.q() != null) ? body.q() : "")
			.topK((body.k() != null) ? body.k() : 10)
			.similarityThresholdAll();
		if (body.filter() != null && !body.filter().isBlank()) {
			try {
				request.filterExpression(body.filter());
			}
			catch (FilterExpressionTextParser.FilterExpressionParseException ex) {
				// Spring AI's message is empty for some inputs (unbalanced parentheses): name the filter
				throw new IllegalArgumentException("filter '" + body.filter() + "' is not a valid filter expression"
						+ ((ex.getMessage() != null && !ex.getMessage().isBlank()) ? ": " + ex.getMessage() : "")
						+ " (example: topic == 'rivers' && n >= 3)", ex);
			}
		}
		SearchMode searchMode = (body.mode() == null) ? null : switch (body.mode()) {
			case "exhaustive" -> SearchMode.EXHAUSTIVE;
			case "plaid" -> SearchMode.PLAID;
			default -> throw new IllegalArgumentException(
					"mode is '" + body.mode() + "' but must be 'plaid' or 'exhaustive'");
		};
		List<Document> documents = this.vectorStore
			.search(new ColbertSearchRequest(request.build(), searchMode, false));
		List<Hit> hits = new ArrayList<>(documents.size());
		for (Document document : documents) {
			Map<String, Object> metadata = new LinkedHashMap<>(document.getMetadata());
			Object maxSim = metadata.remove(ColbertDocumentMetadata.MAXSIM);
			metadata.remove(ColbertDocumentMetadata.DISTANCE);
			hits.add(new Hit(document.getId(), document.getScore(), ((Number) maxSim).doubleValue(), document.getText(),
					metadata));
		}
		return new SearchResponse(hits);
	}

	@PostMapping("/api/documents")
	Map<String, Object> add(@RequestBody List<DocumentBody> documents) {
		List<Document> converted = new ArrayList<>(documents.size());
		for (DocumentBody body : documents) {
			if (body == null || body.id() == null || body.id().isBlank()) {
				throw new IllegalArgumentException("every document needs a non-blank \"id\"");
			}
			if (body.text() == null || body.text().isBlank()) {
				throw new IllegalArgumentException("document '" + body.id() + "' has no \"text\"");
			}
			converted.add(Document.builder()
				.id(body.id())
				.text(body.text())
				.metadata((body.metadata() != null) ? body.metadata() : Map.of())
				.build());
		}
		this.vectorStore.add(converted);
		return Map.of("added", converted.size());
	}

	@DeleteMapping("/api/documents/{id}")
	Map<String, Object> delete(@PathVariable("id") String id) {
		this.vectorStore.delete(List.of(id));
		return Map.of("deleted", id);
	}

	record SearchBody(String q, Integer k, String mode, String filter) {
	}

	record DocumentBody(String id, String text, Map<String, Object> metadata) {
	}

	record SearchResponse(List<Hit> results) {
	}

	record Hit(String id, Double score, double maxSim, String text, Map<String, Object> metadata) {
	}

}
