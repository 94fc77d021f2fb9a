package com.example.userprofiles.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs tasks at the same moment, each on a thread of its own, to make them race. */
public final class Race {

	private Race() {
	}

	/**
	 * Starts every task at once and waits for all of them (at most a minute).
	 * @return the tasks' results, in the order of {@code tasks}
	 */
	public static <T> List<T> run(List<? extends Callable<T>> tasks) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
		try {
			CountDownLatch ready = new CountDownLatch(tasks.size());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return task.call();
				}));
			}
			ready.await(30, TimeUnit.SECONDS);
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** {@code count} copies of {@code task}, to race with each other. */
	public static <T> List<Callable<T>> times(int count, Callable<T> task) {
		List<Callable<T>> tasks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tasks.add(task);
		}
		return tasks;
	}

}
