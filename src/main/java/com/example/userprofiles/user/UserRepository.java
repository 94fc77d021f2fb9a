package com.example.userprofiles.user;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.auth.AccountDirectory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Stored users. Each change updates only its columns, returning the row, so a change
 * committed meanwhile is never written back over.
 */
public interface UserRepository extends Repository<User, Long>, UserQueries, AccountDirectory {

	String SELECT = "SELECT " + UserRowMapper.COLUMNS + " FROM site_user";

	String RETURNING = " RETURNING " + UserRowMapper.COLUMNS;

	String DELETE = "DELETE FROM site_user";

	String DELETED_PROFILE = " RETURNING EXISTS (SELECT FROM profile WHERE site_user_id = site_user.id)";

	@Query(value = SELECT + " WHERE id = :id", rowMapperClass = UserRowMapper.class)
	Optional<User> findById(long id);

	@Query(value = SELECT + " WHERE id IN (:ids)", rowMapperClass = UserRowMapper.class)
	List<User> findAllById(Collection<Long> ids);

	@Query(value = SELECT + " WHERE lower(username) = lower(:username)", rowMapperClass = UserRowMapper.class)
	Optional<User> findByUsernameIgnoringCase(String username);

	@Override
	default Optional<Account> account(long userId) {
		return findById(userId)
			.map(user -> new Account(user.id(), user.role() == User.Role.ADMIN, user.tokenVersion()));
	}

	/** A null username or email stays as it is. */
	@Query(value = """
			UPDATE site_user SET username = coalesce(:username, username), email = coalesce(:email, email),
			  updated_at = :updatedAt
			WHERE id = :id""" + RETURNING, rowMapperClass = UserRowMapper.class)
	Optional<User> updateNameAndEmail(long id, @Nullable String username, @Nullable String email,
			OffsetDateTime updatedAt);

	/**
	 * Revokes every earlier token, if the token version is still {@code tokenVersion}.
	 */
	@Query(value = """
			UPDATE site_user SET password_hash = :passwordHash, token_version = token_version + 1,
			  updated_at = :updatedAt
			WHERE id = :id AND token_version = :tokenVersion""" + RETURNING, rowMapperClass = UserRowMapper.class)
	Optional<User> updatePasswordHash(long id, int tokenVersion, String passwordHash, OffsetDateTime updatedAt);

	/**
	 * Deletes the user, answering whether it had a profile, which
	 * {@code ON DELETE CASCADE} deletes with it: {@code RETURNING} reads the statement's
	 * snapshot, before the cascade runs.
	 */
	@Query(DELETE + " WHERE id = :id" + DELETED_PROFILE)
	Optional<Boolean> deleteUserById(long id);

	@Query(DELETE + " WHERE id = :id AND token_version = :tokenVersion" + DELETED_PROFILE)
	Optional<Boolean> deleteUserByIdAndTokenVersion(long id, int tokenVersion);

}
