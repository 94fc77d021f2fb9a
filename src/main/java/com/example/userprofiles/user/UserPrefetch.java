package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import org.dataloader.DataLoader;

import org.springframework.jdbc.core.RowMapper;

/**
 * The {@link UserJoin joins} one user query makes: those of the fields its operation
 * selects under the users it returns. Each row read primes those fields' loaders.
 */
final class UserPrefetch {

	static final UserPrefetch NONE = new UserPrefetch(List.of(), List.of());

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
		DataFetchingFieldSelectionSet selection = env.getSelectionSet();
		List<UserJoin> joins = new ArrayList<>();
		List<DataLoader<User, Object>> loaders = new ArrayList<>();
		for (UserJoin join : available) {
			DataLoader<User, Object> loader = env.getDataLoader("User." + join.field());
			if (loader != null && selected(selection, join.field(), paths)) {
				joins.add(join);
				loaders.add(loader);
			}
		}
		return joins.isEmpty() ? NONE : new UserPrefetch(joins, loaders);
	}

	private static boolean selected(DataFetchingFieldSelectionSet selection, String field, String... paths) {
		for (String path : paths) {
			if (selection.contains(path + field)) {
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
