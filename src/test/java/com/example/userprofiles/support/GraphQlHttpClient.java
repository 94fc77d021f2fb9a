package com.example.userprofiles.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** GraphQL over plain HTTP, thread-safe, with a deadline on every request. */
public final class GraphQlHttpClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private final Duration timeout;

	public GraphQlHttpClient(String baseUrl, Duration timeout) {
		this.baseUrl = baseUrl;
		this.timeout = timeout;
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/** Sends a GraphQL request, with a bearer token unless {@code token} is null. */
	public GraphQlResult send(String token, String document, Map<String, ?> variables)
			throws IOException, InterruptedException {
		return send(token, document, variables, "application/json");
	}

	/** Like {@link #send(String, String, Map)}, accepting the given media type. */
	public GraphQlResult send(String token, String document, Map<String, ?> variables, String accept)
			throws IOException, InterruptedException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		return send(token, body, accept);
	}

	/**
	 * Sends {@code body} as it is (a persisted query's hash, a {@code documentId}, ...),
	 * with a bearer token unless {@code token} is null.
	 */
	public GraphQlResult send(String token, Map<String, ?> body, String accept)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/graphql"))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return GraphQlResult.of(response.statusCode(), response.body());
	}

	/** A GET of {@code path}: its status and body. */
	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.timeout)
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** A GraphQL response: the HTTP status, {@code data} and {@code errors}. */
	public record GraphQlResult(int status, Map<String, Object> data, List<Map<String, Object>> errors, String body) {

		static GraphQlResult of(int status, String body) {
			Map<String, Object> response;
			try {
				response = json.readValue(body, new TypeReference<Map<String, Object>>() {
				});
			}
			catch (RuntimeException ex) {
				return new GraphQlResult(status, null, List.of(), body);
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> data = (Map<String, Object>) response.get("data");
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> errors = (List<Map<String, Object>>) response.getOrDefault("errors", List.of());
			return new GraphQlResult(status, data, errors, body);
		}

		/** The value at a dotted path under {@code data}, or null. */
		public Object at(String path) {
			Object value = this.data;
			for (String key : path.split("\\.")) {
				if (!(value instanceof Map<?, ?> map)) {
					return null;
				}
				value = map.get(key);
			}
			return value;
		}

		/** Whether the response is a full answer: HTTP 200 with data and no error. */
		public boolean ok() {
			return this.status == 200 && this.data != null && this.errors.isEmpty();
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

		/** The one error code of a response that has exactly one error. */
		public String code() {
			if (this.errors.size() != 1) {
				throw new AssertionError("Expected exactly one error, got: " + this.body);
			}
			return (this.errors.get(0).get("extensions") instanceof Map<?, ?> map) ? String.valueOf(map.get("code"))
					: "NO_CODE";
		}

	}

}
