package com.example.userprofiles.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changelogs under {@code db/} apply to an empty PostgreSQL, every changeset rolls
 * back, and they apply again after the rollback.
 */
class ChangelogTests {

	private static final String DESCRIPTION_INDEX_ON_FOLDED_CASE = "SELECT count(*) FROM pg_indexes "
			+ "WHERE indexname = 'profile_description_trgm_idx' AND indexdef LIKE '%lower(upper(description))%'";

	private static final String USERNAME_CHECK = "SELECT count(*) FROM pg_constraint "
			+ "WHERE conname = 'site_user_username_check' AND convalidated";

	@TempDir
	Path directory;

	@SuppressWarnings("deprecation") // the Liquibase facade is the short way to roll back
										// by count
	@Test
	void everyChangesetRollsBackAndAppliesAgain() throws Exception {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.directory.resolve("pg"), 0, true,
				Duration.ofSeconds(60)); Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			Liquibase liquibase = new Liquibase("db/changelog-master.yaml", new ClassLoaderResourceAccessor(),
					database);

			liquibase.update(new Contexts(), new LabelExpression());
			assertThat(count(connection, "SELECT count(*) FROM pg_trigger WHERE tgname = 'profile_changed'"))
				.isEqualTo(1);

			assertThat(count(connection, DESCRIPTION_INDEX_ON_FOLDED_CASE)).isEqualTo(1);
			assertThat(count(connection, USERNAME_CHECK)).isEqualTo(1);

			liquibase.rollback(1, (String) null);
			assertThat(count(connection, USERNAME_CHECK)).as("the username check, after rolling back its changeset")
				.isZero();

			liquibase.rollback(1, (String) null);
			assertThat(count(connection, DESCRIPTION_INDEX_ON_FOLDED_CASE))
				.as("the description index on the folded case, after rolling back its changeset")
				.isZero();
			assertThat(count(connection,
					"SELECT count(*) FROM pg_indexes WHERE indexname = 'profile_description_trgm_idx'"))
				.isEqualTo(1);

			liquibase.rollback(1, (String) null);
			assertThat(count(connection, "SELECT count(*) FROM pg_trigger WHERE tgname = 'profile_changed'"))
				.as("the notification trigger, after rolling back its changeset")
				.isZero();
			assertThat(count(connection, "SELECT count(*) FROM pg_proc WHERE proname = 'profile_notify_change'"))
				.isZero();

			liquibase.rollback(Integer.MAX_VALUE, (String) null);
			assertThat(count(connection,
					"SELECT count(*) FROM information_schema.tables WHERE table_name IN ('site_user', 'profile')"))
				.as("tables after rolling everything back")
				.isZero();

			liquibase.update(new Contexts(), new LabelExpression());
			assertThat(count(connection, "SELECT count(*) FROM pg_trigger WHERE tgname = 'profile_changed'"))
				.isEqualTo(1);
			assertThat(count(connection, DESCRIPTION_INDEX_ON_FOLDED_CASE)).isEqualTo(1);
			assertThat(count(connection, USERNAME_CHECK)).isEqualTo(1);
		}
	}

	private static long count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
