package com.example.userprofiles.db;

import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * With {@code app.database.replica-url} set, the pool's bean becomes one that sends the
 * reads routed to the replica there. Without, nothing here exists.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ReadReplica.Configured.class)
@EnableConfigurationProperties(ReadReplicaConfiguration.Properties.class)
class ReadReplicaConfiguration {

	@Bean
	ReadReplica readReplica(Properties properties, ObjectProvider<MeterRegistry> registry) {
		return new ReadReplica(properties.replicaUrl(), properties.replicaMaxLag(), registry);
	}

	/**
	 * Wraps the primary's pool as it is made, first among post-processors, so that
	 * anything else wrapping data sources wraps the routing one.
	 */
	@Bean
	static BeanPostProcessor readReplicaRouting(ObjectProvider<ReadReplica> replica) {
		return new Routing(replica);
	}

	/**
	 * The read replica's settings ({@code app.database.*}).
	 *
	 * @param replicaUrl the standby's JDBC URL; it signs in as the primary's pool does
	 * @param replicaMaxLag the most the standby may lag and still serve reads
	 */
	@ConfigurationProperties("app.database")
	record Properties(String replicaUrl, @DefaultValue("1s") Duration replicaMaxLag) {
	}

	private record Routing(ObjectProvider<ReadReplica> replica) implements BeanPostProcessor, Ordered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof DataSource primary && !(bean instanceof ReplicaRoutingDataSource)) {
				return this.replica.getObject().route(primary);
			}
			return bean;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
