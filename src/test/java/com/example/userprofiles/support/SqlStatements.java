package com.example.userprofiles.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

/**
 * Every SQL statement the application sends, with its parameters, but transaction control
 * (kept in {@link #transactionControl()}) and background reads of {@code pg_stats}. Tests
 * clear it, send a request and read what it cost, or step in between two statements
 * ({@link #onceBefore}, {@link #onceAfter}).
 */
public class SqlStatements implements QueryExecutionListener {

	private final List<Executed> statements = new CopyOnWriteArrayList<>();

	private final List<String> transactionControl = new CopyOnWriteArrayList<>();

	private final AtomicReference<Hook> before = new AtomicReference<>();

	private final AtomicReference<Hook> after = new AtomicReference<>();

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		fire(this.before, queryInfoList);
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		for (QueryInfo query : queryInfoList) {
			if (query.getQuery().regionMatches(true, 0, "SET TRANSACTION", 0, 15)) {
				this.transactionControl.add(query.getQuery());
				continue;
			}
			if (query.getQuery().contains("pg_stats")) {
				continue;
			}
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
		fire(this.after, queryInfoList);
	}

	public void clear() {
		this.statements.clear();
		this.transactionControl.clear();
	}

	public List<String> transactionControl() {
		return List.copyOf(this.transactionControl);
	}

	public List<String> all() {
		return this.statements.stream().map(Executed::sql).toList();
	}

	public List<Executed> executed() {
		return List.copyOf(this.statements);
	}

	/** Runs {@code action} once, just before the next matching statement. */
	public void onceBefore(Predicate<String> statement, Runnable action) {
		this.before.set(new Hook(statement, action));
	}

	/** Like {@link #onceBefore}, right after the statement has run. */
	public void onceAfter(Predicate<String> statement, Runnable action) {
		this.after.set(new Hook(statement, action));
	}

	/** Forgets the hooks that have not fired. */
	public void clearHooks() {
		this.before.set(null);
		this.after.set(null);
	}

	private static void fire(AtomicReference<Hook> slot, List<QueryInfo> queries) {
		Hook hook = slot.get();
		if (hook == null) {
			return;
		}
		boolean matches = queries.stream().anyMatch(query -> hook.statement().test(query.getQuery().replace("\"", "")));
		if (matches && slot.compareAndSet(hook, null)) {
			hook.action().run();
		}
	}

	private record Hook(Predicate<String> statement, Runnable action) {
	}

	/** A statement as sent: SQL with {@code ?} placeholders, and their values. */
	public record Executed(String sql, List<Object> parameters) {
	}

}
