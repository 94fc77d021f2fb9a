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
 * Every SQL statement the application sends, as the JDBC driver receives it, with its
 * parameters. Tests clear it, send a request, and read what the request cost. Transaction
 * control ({@code SET TRANSACTION ...}, which the query snapshot sends with its
 * {@code BEGIN}) is not a statement of the request's data: it is kept apart, in
 * {@link #transactionControl()}, as the driver's own {@code BEGIN} and {@code COMMIT} are
 * not seen here at all. Nor are the reads of PostgreSQL's statistics that the server
 * makes in the background (from {@code pg_stats}), whichever request they happen during.
 * Tests can also step in between two statements of a request ({@link #onceBefore},
 * {@link #onceAfter}) to make another request happen exactly there.
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
	 * Runs {@code action} once, on the sending thread (so inside its transaction, if
	 * any), just before the next statement that {@code statement} matches. SQL is matched
	 * with its identifier quotes removed.
	 */
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

	/**
	 * A statement as sent: its SQL with {@code ?} placeholders, and their values in
	 * order.
	 */
	public record Executed(String sql, List<Object> parameters) {
	}

}
