package com.example.userprofiles.shared.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.StreamUtils;

/**
 * Jackson's converter for the GraphQL endpoint, writing a response by walking it: what
 * graphql-java answers is mostly maps, lists, strings, booleans and nulls, and Jackson's
 * serializer for maps looked up a serializer for the class of every value, hundreds for a
 * 50-user page (bench/RESULTS.md). Anything else (a count, an error's line number) goes
 * to the mapper as before; requests are read as before.
 */
final class GraphQlResponseConverter extends JacksonJsonHttpMessageConverter {

	GraphQlResponseConverter(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	protected void writeInternal(Object object, ResolvableType type, HttpOutputMessage output,
			@Nullable Map<String, Object> hints) throws IOException {
		if (!(object instanceof Map<?, ?> response)) {
			super.writeInternal(object, type, output, hints);
			return;
		}
		JsonEncoding encoding = getJsonEncoding(output.getHeaders().getContentType());
		try (JsonGenerator generator = getMapper().createGenerator(StreamUtils.nonClosing(output.getBody()),
				encoding)) {
			write(generator, response);
		}
	}

	private static void write(JsonGenerator generator, @Nullable Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof String text) {
			generator.writeString(text);
		}
		else if (value instanceof Map<?, ?> map) {
			generator.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				generator.writeName(String.valueOf(entry.getKey()));
				write(generator, entry.getValue());
			}
			generator.writeEndObject();
		}
		else if (value instanceof List<?> list) {
			generator.writeStartArray();
			for (Object item : list) {
				write(generator, item);
			}
			generator.writeEndArray();
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else {
			generator.writePOJO(value);
		}
	}

}
