package com.example.userprofiles.user;

import com.example.userprofiles.graphql.GlobalId;
import graphql.schema.idl.RuntimeWiring;

import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The user types' id fields: global ids made from the stored keys, and
 * {@code User.databaseId}. Plain fetchers, which need no database, so a query's statement
 * count does not change with them.
 */
@Component
class UserIdFields implements RuntimeWiringConfigurer {

	@Override
	public void configure(RuntimeWiring.Builder wiring) {
		wiring.type("User", type -> type.dataFetcher("id", GlobalId.field(User.class, "User", User::id))
			.dataFetcher("databaseId", GlobalId.databaseId(User.class, User::id)));
		wiring.type("DeleteUserPayload",
				type -> type
					.dataFetcher("deletedUserId",
							GlobalId.field(DeleteUserPayload.class, "User", DeleteUserPayload::deletedUserId))
					.dataFetcher("deletedProfileId",
							GlobalId.field(DeleteUserPayload.class, "Profile", DeleteUserPayload::deletedProfileId)));
	}

}
