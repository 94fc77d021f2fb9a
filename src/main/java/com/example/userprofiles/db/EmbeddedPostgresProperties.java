package com.example.userprofiles.db;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL ({@code app.embedded-postgres.*}).
 *
 * @param port the port on 127.0.0.1; 0 picks a free one
 * @param cleanStart a throwaway cluster (tests only): empty at start, deleted at stop
 */
@ConfigurationProperties("app.embedded-postgres")
record EmbeddedPostgresProperties(@DefaultValue("data/postgres") Path dataDirectory, @DefaultValue("0") int port,
		@DefaultValue("false") boolean cleanStart, @DefaultValue("30s") Duration startupTimeout) {
}
