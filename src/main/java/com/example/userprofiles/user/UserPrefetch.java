package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;

import com.example.userprofiles.shared.graphql.Selections;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;

import org.springframework.jdbc.core.RowMapper;

/**
 * The {@link UserJoin joins} one user query makes: those of the fields its operation
 * selects under the users it returns. Each row read primes those fields' loaders.
 */
final class UserPrefetch {

	static final UserPrefetch NONE = new UserPrefetch(List.of(), List.of());

	/** Where the user of a field returning one lies in its selection: at its top. */
	static final String[] ONE_USER = { "" };

	/** Where the users of a connection lie in its selection. */
	static final String[] PAGE_OF_USERS = { "edges/node/", "nodes/" };

	private final List<UserJoin> joins;

	private final List<DataLoader<User, Object>> loaders;

	private UserPrefetch(List<UserJoin> joins, List<DataLoader<User, Object>> loaders) {
		this.joins = joins;
		this.loaders = loaders;
	}

	/**
	 * The joins for the users of the field being fetched, found at {@code paths} of its
	 * selection: {@code ""} for a user, {@code "edges/node/"} and {@code "nodes/"} for a
	 * connection of users.
	 */
	static UserPrefetch of(List<UserJoin> available, DataFetchingEnvironment env, String... paths) {
		List<UserJoin> joins = new ArrayList<>();
		List<DataLoader<User, Object>> loaders = new ArrayList<>();
		for (UserJoin join : available) {
			DataLoader<User, Object> loader = env.getDataLoader("User." + join.field());
			if (loader != null && selected(env, join.field(), paths)) {
				joins.add(join);
				loaders.add(loader);
			}
		}
		return joins.isEmpty() ? NONE : new UserPrefetch(joins, loaders);
	}

	/** The paths of the fields {@code available} joins, for users at {@code paths}. */
	static String[] joined(List<UserJoin> available, String... paths) {
		List<String> joined = new ArrayList<>();
		for (String path : paths) {
			available.forEach(join -> joined.add(path + join.field()));
		}
		return joined.toArray(String[]::new);
	}

	private static boolean selected(DataFetchingEnvironment env, String field, String... paths) {
		for (String path : paths) {
			if (Selections.selects(env, path + field)) {
				return true;
			}
		}
		return false;
	}

	boolean isEmpty() {
		return this.joins.isEmpty();
	}

	/** The joins' columns, each after a comma, for the end of a select list. */
	String columns() {
		StringBuilder columns = new StringBuilder();
		this.joins.forEach(join -> columns.append(", ").append(join.columns()));
		return columns.toString();
	}

	String joins() {
		StringBuilder sql = new StringBuilder();
		this.joins.forEach(join -> sql.append(' ').append(join.join()));
		return sql.toString();
	}

	/** Reads each user, and primes the loaders with what the joins read beside it. */
	RowMapper<User> rows() {
		return (row, number) -> {
			User user = UserRowMapper.INSTANCE.mapRow(row, number);
			for (int i = 0; i < this.joins.size(); i++) {
				this.loaders.get(i).prime(user, this.joins.get(i).read(row));
			}
			return user;
		};
	}

}
