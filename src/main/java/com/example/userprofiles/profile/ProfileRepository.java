package com.example.userprofiles.profile;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Stored profiles. New ones are inserted through {@code JdbcAggregateOperations#insert}
 * (their id is set before saving, so {@code save} would try an {@code UPDATE}), and
 * changed through {@link ProfileUpdates}.
 */
interface ProfileRepository extends Repository<Profile, Long>, ProfileSearch, ProfileUpdates {

	Optional<Profile> findById(Long userId);

	List<Profile> findAllById(Iterable<Long> userIds);

	@Modifying
	@Query("DELETE FROM profile WHERE site_user_id = :userId")
	boolean deleteByUserId(long userId);

}
