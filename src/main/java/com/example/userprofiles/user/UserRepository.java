package com.example.userprofiles.user;

import java.util.List;
import java.util.Optional;

import com.example.userprofiles.shared.security.AccountDirectory;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Stored users. Paging and filtering live in {@link UserSearch}, changes to an account in
 * {@link UserUpdates}; new users are inserted through
 * {@code JdbcAggregateOperations#insert}, so nothing here rewrites a whole row.
 */
public interface UserRepository extends Repository<User, Long>, UserSearch, UserUpdates, AccountDirectory {

	Optional<User> findById(Long id);

	List<User> findAllById(Iterable<Long> ids);

	@Query("SELECT * FROM site_user WHERE lower(username) = lower(:username)")
	Optional<User> findByUsernameIgnoringCase(String username);

	@Override
	default Optional<Account> account(long userId) {
		return findById(userId)
			.map(user -> new Account(user.id(), user.role() == User.Role.ADMIN, user.tokenVersion()));
	}

	/**
	 * Deletes the user with one statement; PostgreSQL deletes the profile by its
	 * {@code ON DELETE CASCADE}.
	 * @return whether a user was deleted
	 */
	@Modifying
	@Query("DELETE FROM site_user WHERE id = :id")
	boolean deleteUserById(long id);

	/**
	 * Deletes the user if its token version is still {@code tokenVersion}: the check a
	 * token's bearer passes, made by the statement that deletes.
	 * @return whether a user was deleted
	 */
	@Modifying
	@Query("DELETE FROM site_user WHERE id = :id AND token_version = :tokenVersion")
	boolean deleteUserByIdAndTokenVersion(long id, int tokenVersion);

}
