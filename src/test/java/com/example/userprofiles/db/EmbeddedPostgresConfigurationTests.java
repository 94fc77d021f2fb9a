package com.example.userprofiles.db;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server brings its own PostgreSQL only when no datasource URL is configured, and
 * pools it with the same {@code spring.datasource.hikari.*} settings as Boot's pool.
 */
class EmbeddedPostgresConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(EmbeddedPostgresConfiguration.class);

	@Test
	void withoutADatasourceUrlAnEmbeddedPostgresBacksTheDataSourceWithBootsPoolSettings() {
		this.contexts
			.withPropertyValues("app.embedded-postgres.data-directory=" + this.directory.resolve("pg"),
					"spring.datasource.hikari.connection-init-sql=SET statement_timeout = '1234ms'")
			.run(context -> {
				assertThat(context).hasSingleBean(EmbeddedPostgresServer.class).hasSingleBean(DataSource.class);
				try (var connection = context.getBean(DataSource.class).getConnection();
						var rows = connection.createStatement().executeQuery("SHOW statement_timeout")) {
					assertThat(connection.getMetaData().getURL())
						.contains(":" + context.getBean(EmbeddedPostgresServer.class).port() + "/");
					rows.next();
					assertThat(rows.getString(1)).isEqualTo("1234ms");
				}
			});
	}

	@Test
	void aBlankDatasourceUrlCountsAsNone() {
		this.contexts
			.withPropertyValues("spring.datasource.url=",
					"app.embedded-postgres.data-directory=" + this.directory.resolve("pg"))
			.run(context -> assertThat(context).hasSingleBean(EmbeddedPostgresServer.class));
	}

	@Test
	void withADatasourceUrlNothingEmbeddedStarts() {
		this.contexts.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/app")
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class)
				.doesNotHaveBean(DataSource.class));
	}

}
