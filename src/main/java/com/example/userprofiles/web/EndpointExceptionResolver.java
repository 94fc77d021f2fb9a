package com.example.userprofiles.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Answers what Spring MVC refuses at the GraphQL endpoint before GraphQL runs (a body it
 * cannot read, no {@code query}, the wrong method, content type or {@code Accept}, see
 * {@link EndpointRoutes}) as a GraphQL request error with {@code BAD_USER_INPUT} and a
 * message that says what to send instead. Spring's own resolver answered these with
 * Spring Boot's error page ({@code {"timestamp":...,"error":"Bad Request"}}), which a
 * GraphQL client cannot read. The status and its headers ({@code Allow}, {@code Accept})
 * stay Spring's. Other paths keep Spring's answers.
 */
final class EndpointExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(EndpointExceptionResolver.class);

	private static final String SEND_A_QUERY = "The request body must be a JSON object with a 'query' string";

	static final String SEND_JSON = "Send the request as POST with Content-Type: application/json";

	private final PathPattern endpoint;

	EndpointExceptionResolver(String path) {
		this.endpoint = PathPatternParser.defaultInstance.parse(path);
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (response.isCommitted() || !isEndpoint(request)) {
			return null;
		}
		try {
			if (ex instanceof HttpMessageNotReadableException) {
				return refuse(response, HttpStatus.BAD_REQUEST, unreadable(ex), ex);
			}
			if (ex instanceof ErrorResponse error) {
				String message = message(error.getStatusCode());
				if (message != null) {
					error.getHeaders()
						.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
					return refuse(response, error.getStatusCode(), message, ex);
				}
			}
		}
		catch (IOException writeFailed) {
			logger.debug("Could not write the refusal", writeFailed);
			return new ModelAndView();
		}
		return null;
	}

	private boolean isEndpoint(HttpServletRequest request) {
		return ServletRequestPathUtils.hasParsedRequestPath(request)
				&& this.endpoint.matches(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication());
	}

	private static @Nullable String message(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> SEND_A_QUERY;
			case 405, 415 -> SEND_JSON;
			case 406 -> "Accept must allow application/graphql-response+json or application/json";
			default -> null;
		};
	}

	/**
	 * A field of the body that Jackson could not read as its type gets a message naming
	 * it; anything else (not JSON, cut short, nested too deep) the general one.
	 */
	private static String unreadable(Exception ex) {
		if (!(ex.getCause() instanceof MismatchedInputException mismatch) || mismatch.getPath().size() != 1) {
			return SEND_A_QUERY;
		}
		return switch (String.valueOf(mismatch.getPath().get(0).getPropertyName())) {
			case "query" -> "'query' must be a string";
			case "operationName" -> "'operationName' must be a string";
			case "variables" -> "'variables' must be a JSON object";
			case "extensions" -> "'extensions' must be a JSON object";
			default -> SEND_A_QUERY;
		};
	}

	private static ModelAndView refuse(HttpServletResponse response, HttpStatusCode status, String message,
			Exception ex) throws IOException {
		// The client's error, not the server's: Spring logged these at WARN. Only the
		// exception's class, as its message may quote the body, and so a password.
		logger.debug("Refused with {}: {}", status.value(), ex.getClass().getSimpleName());
		Refusal.write(response, status, message);
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		// ahead of Spring MVC's resolvers (order 0), which would answer first
		return -1;
	}

}
