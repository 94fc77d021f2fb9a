package com.example.userprofiles.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;

/**
 * A request turned away before GraphQL runs, answered as GraphQL answers a request error:
 * {@code {"errors":[{"message":"...","extensions":{"code":"BAD_USER_INPUT"}}]}}. Clients
 * then read one shape of error whatever stopped their request, and the message says what
 * to send instead.
 */
final class Refusal {

	private Refusal() {
	}

	static void write(HttpServletResponse response, HttpStatusCode status, String message) throws IOException {
		write(response, status, message, "BAD_USER_INPUT");
	}

	/**
	 * As {@link #write(HttpServletResponse, HttpStatusCode, String)}, with another code.
	 */
	static void write(HttpServletResponse response, HttpStatusCode status, String message, String code)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		JsonMapper.shared().writeValue(StreamUtils.nonClosing(response.getOutputStream()), body(message, code));
	}

	/** The refusal's body, for a handler that returns it rather than writing it. */
	static Map<String, Object> body(String message, String code) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("extensions", Map.of("code", code));
		return Map.of("errors", List.of(error));
	}

}
