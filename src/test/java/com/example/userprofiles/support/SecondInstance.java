package com.example.userprofiles.support;

import java.util.ArrayList;
import java.util.List;

import com.example.userprofiles.Application;
import com.example.userprofiles.db.EmbeddedPostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.StringUtils;

/** Another server instance in this JVM, sharing the database and JWT secret. */
public final class SecondInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private SecondInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts an instance on {@code first}'s database, with {@code settings}. */
	public static SecondInstance sharingTheDatabaseOf(ApplicationContext first, String... settings) {
		// Command-line arguments, so they outrank application.properties
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		arguments.addAll(List.of(settings));
		if (!StringUtils.hasText(first.getEnvironment().getProperty("spring.datasource.url"))) {
			EmbeddedPostgresServer postgres = first.getBean(EmbeddedPostgresServer.class);
			arguments.add("--spring.datasource.url=" + postgres.jdbcUrl());
			arguments.add("--spring.datasource.username=" + postgres.username());
			// arguments of this JVM's own application, not of a process others may list
			arguments.add("--spring.datasource.password=" + postgres.password());
		}
		return new SecondInstance(
				new SpringApplicationBuilder(Application.class).profiles("test").run(arguments.toArray(String[]::new)));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getRequiredProperty("local.server.port");
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
