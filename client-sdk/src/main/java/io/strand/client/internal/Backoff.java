package io.strand.client.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter, as in the Kafka client: {@code initial * 2^(attempt-1)}, capped at
 * {@code max}, then spread by ±20 % so that many clients retrying the same failure do not march in step.
 *
 * <p>Not API. Immutable; thread-safe if the random source is.
 */
public final class Backoff {
  private static final double JITTER = 0.2;

  private final long initialMs;
  private final long maxMs;
  private final DoubleSupplier random;

  /**
   * @param initial back-off after the first failure
   * @param max the cap
   * @param random uniform source in [0, 1), injected so tests are deterministic
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialMs = initial.toMillis();
    this.maxMs = Math.max(initial.toMillis(), max.toMillis());
    this.random = random;
  }

  /**
   * @param attempt how many attempts have failed so far (1 after the first failure)
   * @return how long to wait before the next attempt, in milliseconds
   */
  public long backoffMs(int attempt) {
    if (initialMs == 0) {
      return 0;
    }
    int exponent = Math.max(0, Math.min(attempt - 1, 30));
    double base = Math.min((double) maxMs, initialMs * Math.pow(2, exponent));
    double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
    return Math.max(1, Math.min(maxMs, Math.round(base * factor)));
  }
}
