package com.example.userprofiles.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

/**
 * Every SQL statement the application sends, as the JDBC driver receives it. Tests clear
 * it, send a request, and read what the request cost.
 */
public class SqlStatements implements QueryExecutionListener {

	private final List<String> statements = new CopyOnWriteArrayList<>();

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		queryInfoList.forEach(query -> this.statements.add(query.getQuery()));
	}

	public void clear() {
		this.statements.clear();
	}

	public List<String> all() {
		return List.copyOf(this.statements);
	}

	/**
	 * The statements that start with {@code keyword} (SELECT, DELETE, ...), whatever the
	 * case.
	 */
	public List<String> starting(String keyword) {
		return this.statements.stream()
			.filter(sql -> sql.stripLeading().regionMatches(true, 0, keyword, 0, keyword.length()))
			.toList();
	}

}
