package com.example.userprofiles.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.JacksonJsonView;

/**
 * Spring Boot's error page, except at the GraphQL endpoint: what is turned away there
 * before Spring MVC runs (a {@code TRACE}, which Tomcat refuses itself, a URL Spring
 * Security's firewall rejects, an exception out of a filter) gets the endpoint's refusal
 * ({@link GraphQlEndpoint#refusal}), which a GraphQL client can read, browser or not.
 */
final class EndpointErrorPage extends BasicErrorController {

	private final String endpoint;

	private final JacksonJsonView json = new JacksonJsonView();

	EndpointErrorPage(ErrorAttributes attributes, ErrorProperties properties, List<ErrorViewResolver> resolvers,
			String endpoint) {
		super(attributes, properties, resolvers);
		this.endpoint = endpoint;
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		if (!isEndpoint(request)) {
			return super.error(request);
		}
		HttpStatus status = getStatus(request);
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
		if (status == HttpStatus.METHOD_NOT_ALLOWED) {
			answer.allow(HttpMethod.POST);
		}
		return answer.body(refusal(status));
	}

	/** A browser's request (it accepts HTML) gets the same JSON at the endpoint. */
	@Override
	public @Nullable ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		if (!isEndpoint(request)) {
			return super.errorHtml(request, response);
		}
		ResponseEntity<Map<String, Object>> answer = error(request);
		response.setStatus(answer.getStatusCode().value());
		answer.getHeaders().forEach((name, values) -> response.setHeader(name, String.join(", ", values)));
		return new ModelAndView(this.json, answer.getBody());
	}

	/** Whether the request was for the endpoint, path parameters aside. */
	private boolean isEndpoint(HttpServletRequest request) {
		return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
				&& uri.substring(Math.min(request.getContextPath().length(), uri.length()))
					.replaceAll(";[^/]*", "")
					.equals(this.endpoint);
	}

	private Map<String, Object> refusal(HttpStatus status) {
		return switch (status) {
			case METHOD_NOT_ALLOWED -> GraphQlEndpoint.refusal(GraphQlEndpoint.SEND_JSON);
			case BAD_REQUEST -> GraphQlEndpoint.refusal("The request's URL was refused: send it to " + this.endpoint
					+ ", without path parameters or encoded characters");
			default ->
				status.is5xxServerError() ? GraphQlEndpoint.refusal("Internal server error", "INTERNAL_SERVER_ERROR")
						: GraphQlEndpoint.refusal(status.getReasonPhrase());
		};
	}

}
