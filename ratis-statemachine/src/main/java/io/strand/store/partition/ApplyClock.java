package io.strand.store.partition;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock a partition's SegmentedLog sees: the time carried by the Raft entry being applied (the leader's clock
 * when it proposed the entry), so that time-based decisions inside the log (segment roll by age, time retention) are
 * the same on every replica and on replay. Before the first entry after start-up it reads the append clock
 * restored from the snapshot.
 *
 * <p>Written only by the apply thread; reads from other threads see a recent value (volatile).
 */
final class ApplyClock extends Clock {
  private volatile long nowMs;

  ApplyClock(long initialMs) {
    this.nowMs = initialMs;
  }

  void set(long ms) {
    nowMs = ms;
  }

  @Override
  public long millis() {
    return nowMs;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(nowMs);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }
}
