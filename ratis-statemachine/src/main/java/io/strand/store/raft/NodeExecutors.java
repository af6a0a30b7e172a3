package io.strand.store.raft;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node-wide threads partitions share, so that their number does not grow with the partition count:
 *
 * <ul>
 *   <li>{@code callbacks}: completes append futures and proposes the next coalesced entry; must never block;</li>
 *   <li>{@code scheduler}: append timeouts and the retention ticker (one thread);</li>
 *   <li>{@code catchUp}: follower catch-up and partition data removal (blocking I/O; at most two at a time).</li>
 * </ul>
 *
 * <p>Thread-safe. All threads are daemons named {@code <prefix>-<role>-<n>}.
 */
final class NodeExecutors implements AutoCloseable {
  private static final int CATCH_UP_THREADS = 2;

  private final ExecutorService callbacks;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ThreadPoolExecutor catchUp;

  NodeExecutors(String prefix, int callbackThreads) {
    callbacks = Executors.newFixedThreadPool(callbackThreads, threads(prefix + "-callback"));
    scheduler = new ScheduledThreadPoolExecutor(1, threads(prefix + "-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    catchUp = new ThreadPoolExecutor(CATCH_UP_THREADS, CATCH_UP_THREADS, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads(prefix + "-catchup"));
    catchUp.allowCoreThreadTimeOut(true);
  }

  ExecutorService callbacks() {
    return callbacks;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ExecutorService catchUp() {
    return catchUp;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    catchUp.shutdownNow();
    callbacks.shutdown();
    try {
      if (!callbacks.awaitTermination(5, TimeUnit.SECONDS)) {
        callbacks.shutdownNow();
      }
    } catch (InterruptedException e) {
      callbacks.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
