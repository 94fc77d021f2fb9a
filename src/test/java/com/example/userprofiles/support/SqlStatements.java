package com.example.userprofiles.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

/**
 * Every SQL statement the application sends, as the JDBC driver receives it, with its
 * parameters. Tests clear it, send a request, and read what the request cost.
 */
public class SqlStatements implements QueryExecutionListener {

	private final List<Executed> statements = new CopyOnWriteArrayList<>();

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		for (QueryInfo query : queryInfoList) {
			List<Object> parameters = new ArrayList<>();
			if (!query.getParametersList().isEmpty()) {
				query.getParametersList()
					.get(0)
					.stream()
					.sorted(Comparator.comparingInt(operation -> (Integer) operation.getArgs()[0]))
					.map(ParameterSetOperation::getArgs)
					.forEach(args -> parameters.add(args[1]));
			}
			this.statements.add(new Executed(query.getQuery(), parameters));
		}
	}

	public void clear() {
		this.statements.clear();
	}

	public List<String> all() {
		return this.statements.stream().map(Executed::sql).toList();
	}

	public List<Executed> executed() {
		return List.copyOf(this.statements);
	}

	/**
	 * The statements that start with {@code keyword} (SELECT, DELETE, ...), whatever the
	 * case.
	 */
	public List<String> starting(String keyword) {
		return all().stream()
			.filter(sql -> sql.stripLeading().regionMatches(true, 0, keyword, 0, keyword.length()))
			.toList();
	}

	/**
	 * A statement as sent: its SQL with {@code ?} placeholders, and their values in
	 * order.
	 */
	public record Executed(String sql, List<Object> parameters) {
	}

}
