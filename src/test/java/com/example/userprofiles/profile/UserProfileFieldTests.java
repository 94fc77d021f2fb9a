package com.example.userprofiles.profile;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.example.userprofiles.user.User;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.DefaultBatchLoaderRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code User.profile} answers a user whose profile its page's statement read (a primed
 * loader) with the profile itself, and any other user with the batch loader's future.
 */
class UserProfileFieldTests {

	private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-30T12:00:00Z");

	private final List<User> batched = new ArrayList<>();

	private final DataLoader<User, Profile> loader = DataLoaderFactory.newMappedDataLoader(users -> {
		this.batched.addAll(users);
		return CompletableFuture.completedFuture(Map.of());
	});

	// the batch loader it registers is not used here: the test's own loader stands in
	private final UserProfileField field = new UserProfileField(null, new DefaultBatchLoaderRegistry());

	@Test
	void aPrimedUsersProfileIsTheValueItselfWithoutABatch() throws Exception {
		User ann = user(1, "ann");
		Profile profile = new Profile(1, "About Ann", NOW, NOW);
		this.loader.prime(ann, profile);

		assertThat(this.field.get(environment(ann))).isSameAs(profile);
		this.loader.dispatchAndJoin();
		assertThat(this.batched).isEmpty();
	}

	@Test
	void aUserPrimedWithoutAProfileHasNone() throws Exception {
		User bob = user(2, "bob");
		this.loader.prime(bob, (Profile) null);

		assertThat(this.field.get(environment(bob))).isNull();
		this.loader.dispatchAndJoin();
		assertThat(this.batched).isEmpty();
	}

	@Test
	void anyOtherUserGoesToTheBatchLoader() throws Exception {
		User cat = user(3, "cat");

		Object value = this.field.get(environment(cat));

		assertThat(value).isInstanceOf(CompletableFuture.class);
		this.loader.dispatchAndJoin();
		assertThat(this.batched).containsExactly(cat);
		assertThat((CompletableFuture<?>) value).isCompletedWithValue(null);
	}

	private DataFetchingEnvironment environment(User user) {
		DataLoaderRegistry registry = DataLoaderRegistry.newRegistry()
			.register(UserProfileField.LOADER, this.loader)
			.build();
		return DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
			.source(user)
			.dataLoaderRegistry(registry)
			.build();
	}

	private static User user(long id, String username) {
		return new User(id, username, username + "@example.com", "hash", User.Role.USER, 0, NOW, NOW);
	}

}
