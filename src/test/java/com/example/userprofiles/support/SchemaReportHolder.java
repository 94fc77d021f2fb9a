package com.example.userprofiles.support;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.graphql.execution.SchemaReport;

/** The report of Spring for GraphQL's schema mapping inspection, made at start-up. */
public class SchemaReportHolder {

	private final AtomicReference<SchemaReport> report = new AtomicReference<>();

	void set(SchemaReport report) {
		this.report.set(report);
	}

	public SchemaReport get() {
		return this.report.get();
	}

}
