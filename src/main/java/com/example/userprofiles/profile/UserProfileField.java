package com.example.userprofiles.profile;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.userprofiles.user.User;
import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.SelfDescribingDataFetcher;
import org.springframework.stereotype.Component;

/**
 * {@code User.profile}, batch-loaded: the profiles of all the users an operation reaches
 * are read in one statement, and a user without a profile is left out of the batch's map,
 * so its field is null. Where the users' own statement read their profiles
 * ({@link ProfileJoin} primed the loader), the field is that profile at once.
 * <p>
 * Wired by hand rather than with {@code @BatchMapping}: Spring for GraphQL wraps each
 * annotated fetcher to restore thread-local context around it, once per user of a page,
 * and graphql-java waits on a future for each; this fetcher needs no context and answers
 * a primed user without a future.
 */
@Component
class UserProfileField
		implements RuntimeWiringConfigurer, TrivialDataFetcher<Object>, SelfDescribingDataFetcher<Object> {

	/**
	 * The loader's name: {@code User.} and the field's, where {@code UserPrefetch} looks
	 * for the loader to prime with what {@link ProfileJoin} reads.
	 */
	static final String LOADER = "User.profile";

	private final ProfileService profiles;

	UserProfileField(ProfileService profiles, BatchLoaderRegistry loaders) {
		this.profiles = profiles;
		loaders.<User, Profile>forName(LOADER)
			.registerMappedBatchLoader((users, environment) -> Mono.fromCallable(() -> profilesOf(users)));
	}

	@Override
	public void configure(RuntimeWiring.Builder wiring) {
		wiring.type("User", type -> type.dataFetcher("profile", this));
	}

	@Override
	public @Nullable Object get(DataFetchingEnvironment env) {
		DataLoader<User, Profile> loader = env.getDataLoader(LOADER);
		User user = env.getSource();
		CompletableFuture<Profile> known = loader.getIfCompleted(user).orElse(null);
		return (known != null && !known.isCompletedExceptionally()) ? known.join() : loader.load(user);
	}

	/** For Spring for GraphQL's schema inspection, which checks the field's type. */
	@Override
	public ResolvableType getReturnType() {
		return ResolvableType.forClass(Profile.class);
	}

	@Override
	public String getDescription() {
		return "UserProfileField";
	}

	@Override
	public boolean usesDataLoader() {
		return true;
	}

	private Map<User, Profile> profilesOf(Set<User> users) {
		Map<Long, Profile> byUserId = this.profiles.findAllByUserId(users.stream().map(User::id).distinct().toList())
			.stream()
			.collect(Collectors.toMap(Profile::userId, Function.identity()));
		return users.stream()
			.filter(user -> byUserId.containsKey(user.id()))
			.collect(Collectors.toMap(Function.identity(), user -> byUserId.get(user.id()), (a, b) -> a));
	}

}
