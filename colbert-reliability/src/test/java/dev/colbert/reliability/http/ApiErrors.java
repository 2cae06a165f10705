package dev.colbert.reliability.http;

import java.util.Map;

import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad requests answer 400 with the library's message; anything else stays a 500. */
@RestControllerAdvice
class ApiErrors {

	@ExceptionHandler({ IllegalArgumentException.class,
			FilterExpressionTextParser.FilterExpressionParseException.class })
	ResponseEntity<Map<String, String>> badRequest(RuntimeException ex) {
		String message = (ex.getMessage() != null && !ex.getMessage().isBlank()) ? ex.getMessage()
				: ex.getClass().getSimpleName();
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", message));
	}

}
