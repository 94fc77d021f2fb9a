package com.example.userprofiles.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import com.example.userprofiles.profile.Profile;
import com.example.userprofiles.profile.ProfileRepository;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserRepository;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code Query.node} and {@code Query.nodes}: any object again by its global id, one
 * statement per type asked for, each reading ahead the links the operation selects.
 */
@Controller
class NodeController {

	private final Map<String, BiFunction<Collection<Long>, ReadAheads.Selected, List<?>>> finders;

	private final ReadAheads readAheads;

	NodeController(UserRepository users, ProfileRepository profiles, ReadAheads readAheads) {
		this.finders = Map.of("User", users::findAllById, "Profile", profiles::findAllById);
		this.readAheads = readAheads;
	}

	@QueryMapping
	@Nullable Object node(@Argument String id, DataFetchingEnvironment env) {
		return nodes(List.of(id), "id", env).get(0);
	}

	@QueryMapping
	List<@Nullable Object> nodes(@Argument List<String> ids, DataFetchingEnvironment env) {
		if (ids.size() > Page.MAX_SIZE) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "'ids' takes at most " + Page.MAX_SIZE + " ids", "ids");
		}
		return nodes(ids, "ids", env);
	}

	private List<@Nullable Object> nodes(List<String> ids, String argument, DataFetchingEnvironment env) {
		List<GlobalId> wanted = new ArrayList<>();
		Map<String, List<Long>> keysByType = new LinkedHashMap<>();
		for (String id : ids) {
			GlobalId decoded = GlobalId.decode(id)
				.filter(global -> this.finders.containsKey(global.type()))
				.orElseThrow(() -> new ApiException(ErrorCode.BAD_USER_INPUT,
						"'" + argument + "': " + id + " is not an id that this API gave", argument));
			wanted.add(decoded);
			keysByType.computeIfAbsent(decoded.type(), type -> new ArrayList<>()).add(decoded.key());
		}
		Map<GlobalId, Object> found = new HashMap<>();
		keysByType.forEach((type, keys) -> this.finders.get(type)
			.apply(keys, this.readAheads.select(env, type, ""))
			.forEach(node -> found.put(new GlobalId(type, keyOf(node)), node)));
		return wanted.stream().map(found::get).toList();
	}

	private static long keyOf(Object node) {
		return (node instanceof User user) ? user.id() : ((Profile) node).userId();
	}

}
