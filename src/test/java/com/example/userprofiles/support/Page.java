package com.example.userprofiles.support;

import java.util.List;
import java.util.Map;

import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/** A page of a Relay connection, its edges, nodes and cursors checked. */
public record Page(List<String> cursors, List<Map<String, Object>> nodes, boolean hasNextPage, boolean hasPreviousPage,
		String startCursor, String endCursor, int totalCount) {

	@SuppressWarnings("unchecked")
	public static Page of(Map<String, Object> connection) {
		List<Map<String, Object>> edges = (List<Map<String, Object>>) connection.get("edges");
		List<Map<String, Object>> nodes = (List<Map<String, Object>>) connection.get("nodes");
		Map<String, Object> info = (Map<String, Object>) connection.get("pageInfo");
		List<String> cursors = edges.stream().map(edge -> (String) edge.get("cursor")).toList();
		assertThat(edges.stream().map(edge -> edge.get("node")).toList()).as("edges.node and nodes").isEqualTo(nodes);
		assertThat(cursors).as("cursors").doesNotHaveDuplicates().allSatisfy(cursor -> assertThat(cursor).isNotBlank());
		String start = (String) info.get("startCursor");
		String end = (String) info.get("endCursor");
		assertThat(start).as("startCursor").isEqualTo(cursors.isEmpty() ? null : cursors.get(0));
		assertThat(end).as("endCursor").isEqualTo(cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
		return new Page(cursors, nodes, (Boolean) info.get("hasNextPage"), (Boolean) info.get("hasPreviousPage"), start,
				end, ((Number) connection.get("totalCount")).intValue());
	}

	/**
	 * The page of {@code list} that {@code document} answers, which must have no errors.
	 */
	@SuppressWarnings("unchecked")
	public static Page fetch(GraphQlTester tester, String document, String list, Map<String, Object> variables) {
		GraphQlResponse response = tester.document(document).variables(variables).execute().returnResponse();
		assertThat(response.getErrors()).as("errors of %s(%s)", list, variables).isEmpty();
		return of((Map<String, Object>) response.<Map<String, Object>>getData().get(list));
	}

	/** One {@code BAD_USER_INPUT} at {@code list}, naming {@code field}, and no page. */
	public static void assertRefused(GraphQlTester tester, String document, String list, Map<String, Object> variables,
			String field) {
		GraphQlResponse response = tester.document(document).variables(variables).execute().returnResponse();
		Api.assertSingleError(response.getErrors(), list, "BAD_USER_INPUT", field);
		Map<String, Object> data = response.getData();
		if (data != null) {
			assertThat(data.get(list)).as(list).isNull();
		}
	}

	public List<String> ids() {
		return values("id");
	}

	/** The ids of the items' users: {@code user.id} (a page of profiles). */
	public List<String> userIds() {
		return values("user.id");
	}

	/** The value at a dotted {@code path} of each node. */
	@SuppressWarnings("unchecked")
	public List<String> values(String path) {
		return this.nodes.stream().map(node -> {
			Object value = node;
			for (String key : path.split("\\.")) {
				value = ((Map<String, Object>) value).get(key);
			}
			return (String) value;
		}).toList();
	}

	/** Asserts the page's ids and whether there are pages before and after it. */
	public Page has(List<String> ids, boolean previous, boolean next) {
		assertThat(ids()).as("ids").containsExactlyElementsOf(ids);
		assertThat(this.hasPreviousPage).as("hasPreviousPage").isEqualTo(previous);
		assertThat(this.hasNextPage).as("hasNextPage").isEqualTo(next);
		return this;
	}

}
