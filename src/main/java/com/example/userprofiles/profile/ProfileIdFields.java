package com.example.userprofiles.profile;

import com.example.userprofiles.graphql.GlobalId;
import graphql.schema.idl.RuntimeWiring;

import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The profile types' id fields: global ids made from the stored keys (a profile's is its
 * user's key, typed {@code Profile}), and {@code Profile.databaseId}. Plain fetchers,
 * which need no database, so a query's statement count does not change with them.
 */
@Component
class ProfileIdFields implements RuntimeWiringConfigurer {

	@Override
	public void configure(RuntimeWiring.Builder wiring) {
		wiring.type("Profile", type -> type.dataFetcher("id", GlobalId.field(Profile.class, "Profile", Profile::userId))
			.dataFetcher("databaseId", GlobalId.databaseId(Profile.class, Profile::userId)));
		wiring.type("ProfileChange",
				type -> type.dataFetcher("userId", GlobalId.field(ProfileChange.class, "User", ProfileChange::userId)));
		wiring.type("DeleteProfilePayload", type -> type.dataFetcher("deletedProfileId",
				GlobalId.field(DeleteProfilePayload.class, "Profile", DeleteProfilePayload::deletedProfileId)));
	}

}
