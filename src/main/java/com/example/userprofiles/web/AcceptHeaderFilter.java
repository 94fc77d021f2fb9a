package com.example.userprofiles.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the GraphQL endpoint the {@code Accept} header as bare media types, most wanted
 * first. Spring's endpoint picks the first accepted type that equals one it writes,
 * parameters included, and answers {@code application/json} when none does: so
 * {@code application/graphql-response+json; charset=utf-8} got {@code application/json}
 * (a type the client did not accept) and 200 for a request error instead of 400, and
 * {@code application/graphql-response+json;q=0.9, application/json;q=0.8} got
 * {@code application/json} however the client ranked them. GraphQL over HTTP asks for the
 * highest-ranked supported type. Types refused with {@code q=0} are dropped; a header
 * that does not parse is left as it is (the endpoint answers 406).
 */
class AcceptHeaderFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String accept = bare(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
		chain.doFilter((accept != null) ? new WithAccept(request, accept) : request, response);
	}

	/** The header's types without parameters, by quality (stable), or null to keep it. */
	static @Nullable String bare(List<String> headers) {
		if (headers.isEmpty()
				|| (headers.size() == 1 && headers.get(0).indexOf(';') < 0 && headers.get(0).indexOf(',') < 0)) {
			// one type without parameters (what most clients send) is bare already
			return null;
		}
		List<MediaType> types;
		try {
			types = new ArrayList<>(MediaType.parseMediaTypes(headers));
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
		types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		return types.stream()
			.filter(type -> type.getQualityValue() > 0)
			.map(type -> type.getType() + "/" + type.getSubtype())
			.distinct()
			.collect(Collectors.joining(", "));
	}

	/** The request with another {@code Accept} header. */
	private static final class WithAccept extends HttpServletRequestWrapper {

		private final String accept;

		private WithAccept(HttpServletRequest request, String accept) {
			super(request);
			this.accept = accept;
		}

		@Override
		public @Nullable String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? this.accept : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(this.accept))
					: super.getHeaders(name);
		}

	}

}
