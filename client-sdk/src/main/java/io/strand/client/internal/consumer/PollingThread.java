package io.strand.client.internal.consumer;

import io.strand.client.error.InterruptException;
import io.strand.client.error.TimeoutException;
import io.strand.client.error.WakeupException;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.ErrorMapper;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The consumer's confinement to one application thread at a time: refuses concurrent use, queues the tasks
 * that answers arriving on gRPC threads post, runs them on the owning thread, and waits for answers while
 * honouring {@code wakeup}, interrupts and {@code default.api.timeout.ms}.
 *
 * <p>Not API. {@link #post} and {@link #wakeup} are thread-safe; everything else runs on the thread that
 * currently owns the consumer.
 */
final class PollingThread {
  private static final long NO_OWNER = -1;

  private final ClientRuntime runtime;
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final AtomicBoolean wakeupRequested = new AtomicBoolean();
  private final AtomicLong owner = new AtomicLong(NO_OWNER);
  private boolean closed;

  PollingThread(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  /** Queues a task for the owning thread (any thread). */
  void post(Runnable task) {
    tasks.add(task);
  }

  /** Runs {@code body} as the consumer's owner. */
  void run(Runnable body) {
    acquire();
    try {
      body.run();
    } finally {
      release();
    }
  }

  /** Runs {@code body} as the consumer's owner and returns its result. */
  <T> T call(Supplier<T> body) {
    acquire();
    try {
      return body.get();
    } finally {
      release();
    }
  }

  void acquire() {
    long me = Thread.currentThread().getId();
    if (!owner.compareAndSet(NO_OWNER, me) && owner.get() != me) {
      throw new ConcurrentModificationException("the consumer is not safe for multi-threaded access");
    }
    if (closed) {
      owner.set(NO_OWNER);
      throw new IllegalStateException("the consumer is closed");
    }
  }

  void release() {
    owner.set(NO_OWNER);
  }

  boolean isClosed() {
    return closed;
  }

  /** Marks the consumer closed and drops queued tasks; later calls are refused. */
  void close() {
    closed = true;
    tasks.clear();
  }

  /** Runs every queued task. */
  void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }

  /** Waits up to {@code waitMs} for one task and runs it; false when there was no time left to wait. */
  boolean awaitTask(long waitMs) {
    if (waitMs <= 0) {
      return false;
    }
    try {
      Runnable task = tasks.poll(waitMs, TimeUnit.MILLISECONDS);
      if (task != null) {
        task.run();
      }
      checkWakeup();
      return true;
    } catch (InterruptedException e) {
      throw new InterruptException("consumer poll", e);
    }
  }

  /** Waits for {@code future} within {@code default.api.timeout.ms}, mapping its failure. */
  <T> T await(CompletableFuture<T> future, String what) {
    long deadline = runtime.nowMs() + runtime.config().defaultApiTimeout().toMillis();
    while (true) {
      checkWakeup();
      try {
        return future.get(Math.max(1, Math.min(100, deadline - runtime.nowMs())), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new InterruptException(what, e);
      } catch (ExecutionException e) {
        throw ErrorMapper.fromThrowable(e, what);
      } catch (java.util.concurrent.TimeoutException e) {
        if (runtime.nowMs() >= deadline) {
          throw new TimeoutException(what + " did not complete within default.api.timeout.ms");
        }
      }
    }
  }

  void checkWakeup() {
    if (wakeupRequested.getAndSet(false)) {
      throw new WakeupException("consumer woken up");
    }
  }

  /** Makes the owner's current or next blocking call throw {@link WakeupException} (any thread). */
  void wakeup() {
    wakeupRequested.set(true);
    tasks.add(() -> { });
  }
}
