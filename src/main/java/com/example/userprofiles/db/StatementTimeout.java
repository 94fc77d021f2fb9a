package com.example.userprofiles.db;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Gives every pooled connection a PostgreSQL {@code statement_timeout}
 * ({@code app.db.statement-timeout}, 5 s by default, 0 for none), embedded or not, so no
 * single request holds a connection for long. Changesets that need longer (building an
 * index on a big table) lift it with {@code SET LOCAL statement_timeout = 0}.
 */
@Component
class StatementTimeout implements BeanPostProcessor {

	private final Duration timeout;

	StatementTimeout(@Value("${app.db.statement-timeout:5s}") Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !this.timeout.isZero()) {
			ConnectionOptions.add(pool, "-c statement_timeout=" + this.timeout.toMillis());
		}
		return bean;
	}

}
