package com.example.userprofiles.web;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring Boot's error page, except for requests to the GraphQL endpoint: what the servlet
 * container or a filter turns away there before Spring MVC runs is answered as the
 * endpoint answers any other refusal ({@link Refusal}), not with Spring Boot's
 * {@code {"timestamp":...,"status":405,...}}, which a GraphQL client cannot read. That is
 * a {@code TRACE} (Tomcat answers it 405 itself), a URL that Spring Security's firewall
 * rejects ({@code /graphql;x=1}), and an exception out of a filter. Other paths keep
 * Spring Boot's page.
 */
final class EndpointErrorPage extends BasicErrorController {

	private final String endpoint;

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
			answer.header(HttpHeaders.ALLOW, "POST");
		}
		return answer.body(Refusal.body(message(status), code(status)));
	}

	/** A browser's request (it accepts HTML) gets the same JSON at the endpoint. */
	@Override
	public @Nullable ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		if (!isEndpoint(request)) {
			return super.errorHtml(request, response);
		}
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.METHOD_NOT_ALLOWED) {
			response.setHeader(HttpHeaders.ALLOW, "POST");
		}
		try {
			Refusal.write(response, status, message(status), code(status));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return null;
	}

	/**
	 * Whether the request that failed was for the endpoint, path parameters aside
	 * ({@code /graphql;x=1} is {@code /graphql} to the servlet container).
	 */
	private boolean isEndpoint(HttpServletRequest request) {
		if (!(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri)) {
			return false;
		}
		String path = uri.substring(Math.min(request.getContextPath().length(), uri.length()));
		return path.replaceAll(";[^/]*", "").equals(this.endpoint);
	}

	private static String code(HttpStatus status) {
		return status.is5xxServerError() ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT";
	}

	private String message(HttpStatus status) {
		if (status.is5xxServerError()) {
			return "Internal server error";
		}
		return switch (status) {
			case METHOD_NOT_ALLOWED -> EndpointExceptionResolver.SEND_JSON;
			case BAD_REQUEST -> "The request's URL was refused: send it to " + this.endpoint
					+ ", without path parameters or encoded characters";
			default -> status.getReasonPhrase();
		};
	}

}
