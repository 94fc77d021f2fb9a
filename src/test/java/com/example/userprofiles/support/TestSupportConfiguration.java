package com.example.userprofiles.support;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** What integration tests observe: the SQL sent, and the schema inspection report. */
@TestConfiguration(proxyBeanMethods = false)
class TestSupportConfiguration {

	@Bean
	static SqlStatements sqlStatements() {
		return new SqlStatements();
	}

	/** Wraps the pool so every statement passes {@link SqlStatements}. */
	@Bean
	static BeanPostProcessor countingDataSource(ObjectProvider<SqlStatements> statements) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
					return ProxyDataSourceBuilder.create(dataSource).listener(statements.getObject()).build();
				}
				return bean;
			}
		};
	}

	@Bean
	Api api(org.springframework.core.env.Environment environment) {
		return new Api(environment);
	}

	@Bean
	Interleaving interleaving(SqlStatements statements, JdbcTemplate jdbc) {
		return new Interleaving(statements, jdbc);
	}

	@Bean
	SchemaReportHolder schemaReport() {
		return new SchemaReportHolder();
	}

	@Bean
	GraphQlSourceBuilderCustomizer captureSchemaReport(SchemaReportHolder holder) {
		return builder -> builder.inspectSchemaMappings(holder::set);
	}

}
