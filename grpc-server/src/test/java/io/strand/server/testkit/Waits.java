package io.strand.server.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling waits for the test harness. It has no dependencies, so that modules using the published test-jar need
 * nothing but JUnit. Tests themselves use Awaitility.
 */
public final class Waits {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private Waits() {}

  /** Polls until {@code condition} holds; fails with {@code description} and the last state after the timeout. */
  public static void until(String description, Duration timeout, BooleanSupplier condition) {
    until(description, timeout, condition, () -> "");
  }

  public static void until(String description, Duration timeout, BooleanSupplier condition,
                           Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      RuntimeException last = null;
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + description
            + stateSuffix(state));
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private static String stateSuffix(Supplier<String> state) {
    String s = state.get();
    return s.isEmpty() ? "" : " (" + s + ")";
  }
}
