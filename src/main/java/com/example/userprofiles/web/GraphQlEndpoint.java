package com.example.userprofiles.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.graphql.MediaTypes;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The GraphQL endpoint over HTTP: Spring for GraphQL's handler behind the refusals
 * GraphQL over HTTP asks for. Only a {@code POST} of a JSON object, within the body
 * limit, that accepts JSON reaches it; anything else gets a 4xx with the body GraphQL
 * gives a request error ({@link #refusal}), where Spring answered with an empty 405 or
 * 415, Spring Boot's error page, or a 500 for a body of {@code null}. Spring's handler
 * picks the first accepted type that equals one it writes, parameters included, so it
 * gets the {@code Accept} header as bare types, most wanted first. A document named by
 * {@code documentId} reaches it as Apollo's persisted query.
 */
final class GraphQlEndpoint {

	static final String SEND_JSON = "Send the request as POST with Content-Type: application/json";

	private static final String SEND_A_QUERY = "The request body must be a JSON object with a 'query' string, "
			+ "or with the query's hash in 'extensions.persistedQuery' (Apollo's automatic persisted queries) "
			+ "or in 'documentId' (\"sha256:<hash>\", persisted documents)";

	private static final byte[] DOCUMENT_ID = "\"documentId\"".getBytes(StandardCharsets.US_ASCII);

	private static final Pattern DOCUMENT_ID_VALUE = Pattern.compile("sha256:([0-9a-fA-F]{64})");

	private static final List<MediaType> WRITTEN = List.of(MediaTypes.APPLICATION_GRAPHQL_RESPONSE,
			MediaType.APPLICATION_JSON);

	private final GraphQlHttpHandler handler;

	private final int maxBytes;

	GraphQlEndpoint(GraphQlHttpHandler handler, int maxBytes) {
		this.handler = handler;
		this.maxBytes = maxBytes;
	}

	ServerResponse handle(ServerRequest request) throws Exception {
		if (!HttpMethod.POST.equals(request.method())) {
			return refusing(HttpStatus.METHOD_NOT_ALLOWED).allow(HttpMethod.POST).body(refusal(SEND_JSON));
		}
		if (!isJson(request.headers().firstHeader(HttpHeaders.CONTENT_TYPE))) {
			return refusing(HttpStatus.UNSUPPORTED_MEDIA_TYPE).header(HttpHeaders.ACCEPT, "application/json")
				.body(refusal(SEND_JSON));
		}
		List<MediaType> accepted = accepted(request);
		if (accepted == null) {
			return refusing(HttpStatus.NOT_ACCEPTABLE)
				.body(refusal("Accept must allow application/graphql-response+json "
						+ "or application/json; subscriptions are served over WebSocket at /graphql (graphql-transport-ws)"));
		}
		byte[] body = (request.servletRequest().getContentLengthLong() > this.maxBytes) ? null
				: request.servletRequest().getInputStream().readNBytes(this.maxBytes + 1);
		if (body == null || body.length > this.maxBytes) {
			return refusing(HttpStatus.CONTENT_TOO_LARGE)
				.body(refusal("The request body is larger than " + this.maxBytes + " bytes"));
		}
		if (!isObject(body)) {
			return refusing(HttpStatus.BAD_REQUEST).body(refusal(SEND_A_QUERY));
		}
		try {
			body = documentIdAsExtension(body);
		}
		catch (IllegalArgumentException ex) {
			return refusing(HttpStatus.BAD_REQUEST).body(refusal(ex.getMessage()));
		}
		try {
			return this.handler.handleRequest(ServerRequest
				.create(new ReadRequest(request.servletRequest(), body, accepted), request.messageConverters()));
		}
		catch (HttpMessageNotReadableException ex) {
			return refusing(HttpStatus.BAD_REQUEST).body(refusal(unreadable(ex)));
		}
		catch (ServerWebInputException ex) {
			// neither 'query' nor 'extensions.persistedQuery'
			return refusing(HttpStatus.BAD_REQUEST).body(refusal(SEND_A_QUERY));
		}
	}

	/** The body GraphQL gives a request error, so clients read one shape of error. */
	static Map<String, Object> refusal(String message) {
		return refusal(message, "BAD_USER_INPUT");
	}

	static Map<String, Object> refusal(String message, String code) {
		return Map.of("errors", List.of(new RequestError(message, Map.of("code", code))));
	}

	private static ServerResponse.BodyBuilder refusing(HttpStatus status) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
	}

	private static boolean isJson(@Nullable String contentType) {
		try {
			return contentType != null && MediaType.APPLICATION_JSON.includes(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * The accepted types without parameters, most wanted first (none for any), or null if
	 * none is one the handler writes or the header does not parse.
	 */
	private static @Nullable List<MediaType> accepted(ServerRequest request) {
		List<MediaType> types;
		try {
			types = request.headers().accept();
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
		List<MediaType> bare = types.stream()
			.sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed())
			.filter(type -> type.getQualityValue() > 0)
			.map(type -> new MediaType(type.getType(), type.getSubtype()))
			.distinct()
			.toList();
		return (types.isEmpty() || bare.stream().anyMatch(type -> WRITTEN.stream().anyMatch(type::isCompatibleWith)))
				? bare : null;
	}

	/**
	 * Whether the body starts as a JSON object: a {@code null} made Spring's handler fail
	 * with a 500.
	 */
	private static boolean isObject(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return b == '{';
			}
		}
		return false;
	}

	/**
	 * The body with its {@code documentId} (the persisted documents of GraphQL over HTTP)
	 * as Apollo's {@code extensions.persistedQuery}, the one way documents are named by
	 * hash here; the body itself if it has none. Only a body holding the name is parsed
	 * here; one that does not parse is left for Spring's handler to refuse.
	 * @throws IllegalArgumentException for a {@code documentId} not of the form
	 * {@code sha256:<hex>}, or sent with a query or with Apollo's extension
	 */
	private static byte[] documentIdAsExtension(byte[] body) {
		if (indexOf(body, DOCUMENT_ID) < 0) {
			return body;
		}
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			return body;
		}
		if (!(root instanceof ObjectNode request) || !request.hasNonNull("documentId")) {
			return body;
		}
		JsonNode documentId = request.get("documentId");
		Matcher hash = DOCUMENT_ID_VALUE.matcher(documentId.isString() ? documentId.asString() : "");
		if (!hash.matches()) {
			throw new IllegalArgumentException("'documentId' must be \"sha256:\" and the SHA-256 of a trusted "
					+ "document in 64 hexadecimal digits");
		}
		if (request.hasNonNull("query")) {
			throw new IllegalArgumentException("Send either 'query' or 'documentId', not both");
		}
		JsonNode extensions = request.path("extensions");
		if (!extensions.isObject() && !extensions.isMissingNode() && !extensions.isNull()) {
			throw new IllegalArgumentException("'extensions' must be a JSON object");
		}
		if (extensions.has("persistedQuery")) {
			throw new IllegalArgumentException("Send either 'documentId' or 'extensions.persistedQuery', not both");
		}
		ObjectNode withHash = (extensions instanceof ObjectNode object) ? object : request.putObject("extensions");
		withHash.putObject("persistedQuery").put("version", 1).put("sha256Hash", hash.group(1));
		request.remove("documentId");
		return JsonMapper.shared().writeValueAsBytes(request);
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		for (int i = 0; i + part.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		return -1;
	}

	/** A message naming the field Jackson could not read as its type, if one. */
	private static String unreadable(HttpMessageNotReadableException ex) {
		if (!(ex.getCause() instanceof MismatchedInputException mismatch) || mismatch.getPath().size() != 1) {
			return SEND_A_QUERY;
		}
		String field = String.valueOf(mismatch.getPath().get(0).getPropertyName());
		return switch (field) {
			case "query", "operationName" -> "'" + field + "' must be a string";
			case "variables", "extensions" -> "'" + field + "' must be a JSON object";
			default -> SEND_A_QUERY;
		};
	}

	/**
	 * The request with its body, read here, to be read again, and its {@code Accept}
	 * header as the handler needs it. Rebuilding it with {@code ServerRequest.from}
	 * copied every header through the firewall's checks.
	 */
	private static final class ReadRequest extends HttpServletRequestWrapper {

		private final ByteArrayInputStream body;

		private final @Nullable String accept;

		ReadRequest(HttpServletRequest request, byte[] body, List<MediaType> accept) {
			super(request);
			this.body = new ByteArrayInputStream(body);
			this.accept = accept.isEmpty() ? null : MediaType.toString(accept);
		}

		@Override
		public ServletInputStream getInputStream() {
			return new ServletInputStream() {

				@Override
				public int read() {
					return ReadRequest.this.body.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return ReadRequest.this.body.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return ReadRequest.this.body.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		public @Nullable String getHeader(String name) {
			return (this.accept != null && HttpHeaders.ACCEPT.equalsIgnoreCase(name)) ? this.accept
					: super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return (this.accept != null && HttpHeaders.ACCEPT.equalsIgnoreCase(name))
					? Collections.enumeration(List.of(this.accept)) : super.getHeaders(name);
		}

	}

	/** One GraphQL error, its fields in the specification's order. */
	private record RequestError(String message, Map<String, String> extensions) {
	}

}
