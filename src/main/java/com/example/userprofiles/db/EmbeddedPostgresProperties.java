package com.example.userprofiles.db;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL, used when no {@code spring.datasource.url} is set
 * ({@code app.embedded-postgres.*}).
 *
 * @param dataDirectory where the database files live; relative to the working directory
 * @param port the port to listen on (127.0.0.1 only); 0 picks a free one
 * @param cleanStart whether the cluster is a throwaway (tests only): made in an empty
 * data directory, deleted when the server stops
 * @param startupTimeout how long to wait for the server to accept connections
 */
@ConfigurationProperties("app.embedded-postgres")
record EmbeddedPostgresProperties(@DefaultValue("data/postgres") Path dataDirectory, @DefaultValue("0") int port,
		@DefaultValue("false") boolean cleanStart, @DefaultValue("30s") Duration startupTimeout) {
}
