package com.example.userprofiles.shared.web;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.mock.http.MockHttpOutputMessage;

import static org.assertj.core.api.Assertions.assertThat;

class GraphQlResponseConverterTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final GraphQlResponseConverter converter = new GraphQlResponseConverter(this.mapper);

	@Test
	void writesAResponseAsJacksonWouldInTheOrderOfItsMaps() throws Exception {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("username", "zoë \"quoted\" \\ \n\u0001 ✓");
		node.put("id", "42");
		node.put("profile", null);
		node.put("count", 7);
		node.put("big", 12345678901L);
		node.put("ratio", 0.5);
		node.put("exact", new BigDecimal("1.10"));
		node.put("ok", true);
		node.put("tags", new ArrayList<>(Arrays.asList("a", null, 3)));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("errors", List.of(Map.of("message", "m", "locations", List.of(Map.of("line", 1)))));
		response.put("data", Map.of("user", node));

		String written = write(response);

		assertThat(written).isEqualTo(this.mapper.writeValueAsString(response));
		assertThat(written).startsWith("{\"errors\":");
		assertThat(this.mapper.readValue(written, Map.class))
			.isEqualTo(this.mapper.readValue(this.mapper.writeValueAsString(response), Map.class));
	}

	@Test
	void aValueOfAnotherTypeGoesToTheMapper() throws Exception {
		Map<String, Object> response = Map.of("data",
				Map.of("day", LocalDate.of(2026, 11, 30), "point", new Point(1, 2), "small", (short) 3));

		assertThat(write(response)).isEqualTo(this.mapper.writeValueAsString(response));
	}

	@Test
	void somethingOtherThanAMapIsWrittenByJackson() throws Exception {
		MockHttpOutputMessage output = new MockHttpOutputMessage();
		this.converter.write(List.of("a", 1), MediaType.APPLICATION_JSON, output);

		assertThat(output.getBodyAsString(StandardCharsets.UTF_8)).isEqualTo("[\"a\",1]");
	}

	private String write(Map<String, Object> response) throws Exception {
		MockHttpOutputMessage output = new MockHttpOutputMessage();
		this.converter.write(response, MediaType.parseMediaType("application/graphql-response+json"), output);
		assertThat(output.getHeaders().getContentType().toString()).startsWith("application/graphql-response+json");
		return output.getBodyAsString(StandardCharsets.UTF_8);
	}

	record Point(int x, int y) {
	}

}
