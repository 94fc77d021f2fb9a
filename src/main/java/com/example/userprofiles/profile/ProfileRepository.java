package com.example.userprofiles.profile;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Stored profiles, inserted through {@code JdbcAggregateOperations#insert} since their id
 * is set before saving.
 */
public interface ProfileRepository extends Repository<Profile, Long>, ProfileQueries {

	String SELECT = "SELECT " + ProfileRowMapper.COLUMNS + " FROM profile";

	String UPDATE = """
			UPDATE profile SET description = :description, updated_at = :updatedAt
			WHERE site_user_id = :userId""";

	String RETURNING = " RETURNING " + ProfileRowMapper.COLUMNS;

	@Query(value = SELECT + " WHERE site_user_id = :userId", rowMapperClass = ProfileRowMapper.class)
	Optional<Profile> findById(long userId);

	@Query(value = SELECT + " WHERE site_user_id IN (:userIds)", rowMapperClass = ProfileRowMapper.class)
	List<Profile> findAllById(Collection<Long> userIds);

	@Query(value = UPDATE + RETURNING, rowMapperClass = ProfileRowMapper.class)
	Optional<Profile> updateDescription(long userId, String description, OffsetDateTime updatedAt);

	@Query(value = UPDATE + " AND EXISTS (SELECT FROM site_user WHERE id = :userId AND token_version = :tokenVersion)"
			+ RETURNING, rowMapperClass = ProfileRowMapper.class)
	Optional<Profile> updateDescriptionIfTokenVersion(long userId, int tokenVersion, String description,
			OffsetDateTime updatedAt);

	@Modifying
	@Query("DELETE FROM profile WHERE site_user_id = :userId")
	boolean deleteByUserId(long userId);

}
