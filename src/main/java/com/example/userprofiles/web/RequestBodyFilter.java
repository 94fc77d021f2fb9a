package com.example.userprofiles.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads each request body whole, up to a limit, before anything else sees it: a larger
 * body gets 413 (a GraphQL document is small; 12 MB is an attack, not a query), and a
 * JSON body that is not an object gets 400 here rather than reaching Spring for GraphQL,
 * which fails on a body of {@code null} with a 500.
 */
class RequestBodyFilter extends OncePerRequestFilter {

	private final int maxBytes;

	RequestBodyFilter(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			Refusal.write(response, HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + this.maxBytes + " bytes");
			return;
		}
		byte[] body = read(request.getInputStream(), request.getContentLengthLong(), this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			Refusal.write(response, HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + this.maxBytes + " bytes");
			return;
		}
		if (isJson(request) && body.length > 0 && !startsWithObject(body)) {
			Refusal.write(response, HttpStatus.BAD_REQUEST, "The request body must be a JSON object");
			return;
		}
		chain.doFilter(new BufferedRequest(request, body), response);
	}

	/**
	 * The body: of its declared length when it has one (the container delivers no more),
	 * read into an array of that size rather than through a buffer of the limit's.
	 */
	private static byte[] read(InputStream in, long declaredLength, int limit) throws IOException {
		return in.readNBytes((declaredLength >= 0) ? (int) Math.min(declaredLength, limit) : limit);
	}

	private static boolean isJson(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		try {
			MediaType mediaType = MediaType.parseMediaType(type);
			return MediaType.APPLICATION_JSON.isCompatibleWith(mediaType) || mediaType.getSubtype().endsWith("+json");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean startsWithObject(byte[] body) {
		for (byte b : body) {
			if (b == '{') {
				return true;
			}
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return false;
	}

	/** The request with its body already read. */
	private static final class BufferedRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private BufferedRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
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
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
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
					throw new UnsupportedOperationException("The body is already read");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
