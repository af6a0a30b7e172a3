package io.strand.cli.perf;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a loop to a target rate, as Kafka's {@code ThroughputThrottler} does for the perf tools: after each
 * record, if the run is ahead of {@code records / elapsed}, park until it is back on schedule. A negative
 * rate disables pacing.
 *
 * <p>Not thread-safe; used by the sending thread only.
 */
public final class Throttle {
  private final double recordsPerSec;
  private final long startNs;

  /**
   * @param recordsPerSec target rate; negative for unlimited
   * @param startNs run start ({@code System.nanoTime()})
   */
  public Throttle(double recordsPerSec, long startNs) {
    this.recordsPerSec = recordsPerSec;
    this.startNs = startNs;
  }

  /** Waits if {@code sent} records are ahead of the target rate. */
  public void pace(long sent) {
    if (recordsPerSec <= 0) {
      return;
    }
    long dueNs = startNs + (long) (sent * 1e9 / recordsPerSec);
    long nowNs;
    while ((nowNs = System.nanoTime()) < dueNs) {
      LockSupport.parkNanos(Math.min(dueNs - nowNs, TimeUnit.MILLISECONDS.toNanos(100)));
    }
  }
}
