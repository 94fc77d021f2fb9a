package com.example.userprofiles.db;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The primary's pool, except that a thread reading for the replica gets a standby
 * connection. It is the one {@link DataSource} bean, so that Liquibase, the health check
 * and everything not routed use the primary; it is deliberately not an
 * {@code AbstractRoutingDataSource}, whose every target the health check would demand.
 */
final class ReplicaRoutingDataSource extends DelegatingDataSource implements AutoCloseable {

	private final ReadReplica replica;

	ReplicaRoutingDataSource(DataSource primary, ReadReplica replica) {
		super(primary);
		this.replica = replica;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection standby = this.replica.connection();
		return (standby != null) ? standby : super.getConnection();
	}

	/** Closes the primary's pool, as the bean it replaces was closed. */
	@Override
	public void close() throws Exception {
		if (obtainTargetDataSource() instanceof AutoCloseable primary) {
			primary.close();
		}
	}

}
