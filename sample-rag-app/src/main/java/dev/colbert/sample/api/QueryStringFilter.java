package dev.colbert.sample.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a query string that does not decode to UTF-8 text (a byte sequence that is not UTF-8 such as
 * {@code %C3%28}, a truncated one, an encoded surrogate, a malformed {@code %} escape) with a 400 problem, before
 * anything asks Tomcat for a parameter. Tomcat would otherwise throw {@code InvalidParameterException} out of the first
 * {@code getParameter} call, and log it as an ERROR with its stack trace for every such request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 21)
public class QueryStringFilter extends RefusingFilter {

	public QueryStringFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		super(resolver);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		if (query != null && !isUtf8(query)) {
			refuse(request, response, new InvalidRequestException("The query string is not valid UTF-8 "
					+ "percent-encoding: encode every parameter as UTF-8, each byte outside letters and digits as %XX "
					+ "(encodeURIComponent in JavaScript, URLEncoder.encode(value, UTF_8) in Java, curl "
					+ "--data-urlencode)"));
			return;
		}
		chain.doFilter(request, response);
	}

	/** Whether {@code query} percent-decodes ({@code +} as a space) to bytes that are well-formed UTF-8. */
	static boolean isUtf8(String query) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%') {
				int high = (i + 2 < query.length()) ? Character.digit(query.charAt(i + 1), 16) : -1;
				int low = (high >= 0) ? Character.digit(query.charAt(i + 2), 16) : -1;
				if (low < 0) {
					return false;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (c < 0x80) {
				bytes.write(c);
			}
			else if (c <= 0xFF) {
				// raw non-ASCII bytes (Tomcat's connector refuses them by default; where allowed, they arrive as
				// ISO-8859-1 characters)
				bytes.write(c);
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
