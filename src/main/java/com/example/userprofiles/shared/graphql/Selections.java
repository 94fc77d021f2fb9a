package com.example.userprofiles.shared.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * Whether the operation selects a field at a path below the field being fetched, read
 * from the document itself. {@code env.getSelectionSet().contains(...)} answers the same
 * question but first builds graphql-java's normalized form of the whole operation, which
 * cost a point lookup 3% of the server's CPU and a seventh of its allocations. Fragments
 * and aliases count as in the normalized form; type conditions and
 * {@code @skip}/{@code @include} are not evaluated, so the answer may be yes for a field
 * that will not be resolved: fine for what it decides, whether a statement also reads a
 * relation. Each fragment is looked through once per level of the path: a document of
 * fragments that each spread the next twice holds 2^n fields when every spread is walked.
 */
public final class Selections {

	// Fragments nest no deeper than this in any document validation lets through (it
	// refuses cycles); the bound only keeps a walk of the document finite should one get
	// past it.
	static final int MAX_FRAGMENT_NESTING = 32;

	private Selections() {
	}

	/**
	 * Whether the field being fetched selects {@code path}: field names (not aliases)
	 * separated by {@code /}, such as {@code edges/node/profile}.
	 */
	public static boolean selects(DataFetchingEnvironment env, String path) {
		List<SelectionSet> level = new ArrayList<>();
		for (Field field : env.getMergedField().getFields()) {
			add(level, field.getSelectionSet());
		}
		Map<String, FragmentDefinition> fragments = env.getFragmentsByName();
		int start = 0;
		while (start <= path.length() && !level.isEmpty()) {
			int end = path.indexOf('/', start);
			String name = path.substring(start, (end < 0) ? path.length() : end);
			List<SelectionSet> next = new ArrayList<>();
			Map<String, Integer> visited = new HashMap<>();
			boolean found = false;
			for (SelectionSet set : level) {
				found |= collect(set, name, fragments, next, 0, visited);
			}
			if (end < 0) {
				return found;
			}
			level = next;
			start = end + 1;
		}
		return false;
	}

	/**
	 * Adds the selection sets of the fields called {@code name} in {@code set} to
	 * {@code into}, looking through fragments; whether there was one. Validation has
	 * refused fragment cycles; {@code depth} only bounds the walk should one get through.
	 * A fragment already looked through for {@code name} (at a depth no deeper, as
	 * {@code visited} says) is not again: it would add the same selection sets.
	 */
	private static boolean collect(SelectionSet set, String name, Map<String, FragmentDefinition> fragments,
			List<SelectionSet> into, int depth, Map<String, Integer> visited) {
		if (depth > MAX_FRAGMENT_NESTING) {
			return false;
		}
		boolean found = false;
		for (Selection<?> selection : set.getSelections()) {
			if (selection instanceof Field field) {
				if (field.getName().equals(name)) {
					found = true;
					add(into, field.getSelectionSet());
				}
			}
			else if (selection instanceof InlineFragment inline) {
				found |= collect(inline.getSelectionSet(), name, fragments, into, depth + 1, visited);
			}
			else if (selection instanceof FragmentSpread spread) {
				FragmentDefinition fragment = fragments.get(spread.getName());
				Integer seenAt = visited.get(spread.getName());
				if (fragment != null && (seenAt == null || seenAt > depth + 1)) {
					visited.put(spread.getName(), depth + 1);
					found |= collect(fragment.getSelectionSet(), name, fragments, into, depth + 1, visited);
				}
			}
		}
		return found;
	}

	private static void add(List<SelectionSet> sets, @Nullable SelectionSet set) {
		if (set != null) {
			sets.add(set);
		}
	}

}
