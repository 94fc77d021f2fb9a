package com.example.userprofiles.profile;

/** What happened to a profile: the {@code ChangeKind} enum of the schema. */
enum ChangeKind {

	CREATED, UPDATED, DELETED

}
