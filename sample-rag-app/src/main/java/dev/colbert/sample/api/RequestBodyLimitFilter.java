package dev.colbert.sample.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.colbert.sample.SampleProperties;

/**
 * Caps request bodies at {@code sample.web.max-body-size} (1 MB) before they are read: a declared
 * {@code Content-Length} over it is refused with 413 at once; a body without one (chunked) is read into memory up to
 * the cap and refused with 413 as soon as it passes it, else handed on from memory. Multipart requests are left to
 * their own limits ({@code spring.servlet.multipart.max-file-size} and {@code max-request-size}), which Tomcat applies
 * while it parses them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 22)
public class RequestBodyLimitFilter extends RefusingFilter {

	private final int maxBytes;

	public RequestBodyLimitFilter(SampleProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		super(resolver);
		this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, properties.getWeb().getMaxBodySize().toBytes());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
			chain.doFilter(request, response);
			return;
		}
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			refuse(request, response, tooLarge(declared + " bytes"));
			return;
		}
		if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
			if (body.length > this.maxBytes) {
				refuse(request, response, tooLarge("more than " + this.maxBytes + " bytes (sent without a length)"));
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private InvalidRequestException tooLarge(String size) {
		return new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "The request body has " + size
				+ ", more than the " + this.maxBytes + " allowed (sample.web.max-body-size): send a shorter document, "
				+ "or upload it as a file (spring.servlet.multipart.max-file-size)");
	}

	/** The request with its body read into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read before: read it blocking");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			Charset charset = (getCharacterEncoding() != null) ? Charset.forName(getCharacterEncoding())
					: StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

}
