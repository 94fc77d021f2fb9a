package com.example.userprofiles.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import org.springframework.boot.jackson.JacksonMixin;
import org.springframework.graphql.server.support.SerializableGraphQlRequest;

/**
 * Reads {@code "variables": null} and {@code "extensions": null} in a request body as
 * absent, as GraphQL over HTTP allows: Spring for GraphQL's request kept the null, and a
 * body without a query then failed with a 500.
 */
@JacksonMixin(SerializableGraphQlRequest.class)
abstract class GraphQlRequestNulls {

	@JsonSetter(nulls = Nulls.SKIP)
	public abstract void setVariables(Map<String, Object> variables);

	@JsonSetter(nulls = Nulls.SKIP)
	public abstract void setExtensions(Map<String, Object> extensions);

}
