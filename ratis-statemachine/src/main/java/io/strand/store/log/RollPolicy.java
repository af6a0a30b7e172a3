package io.strand.store.log;

/**
 * Decides whether the active segment must be rolled before a batch is appended: when the batch would push it past
 * {@code segment.bytes}, when it has been written to for {@code segment.ms}, when either index is full, or when the
 * batch's offsets no longer fit the indexes' 32-bit relative offsets. An empty segment never rolls, so every
 * segment holds at least one batch, however large.
 *
 * <p>Stateless and thread-safe.
 */
final class RollPolicy {
  private RollPolicy() {}

  static boolean shouldRoll(LogSegment active, int batchBytes, long batchLastOffset, long nowMs, LogConfig config) {
    if (active.isEmpty()) {
      return false;
    }
    return (long) active.size() + batchBytes > config.segmentBytes()
        || nowMs - active.rollStartMs() >= config.segmentMs()
        || active.offsetIndex().isFull()
        || active.timeIndex().isFull()
        || batchLastOffset + 1 - active.baseOffset() > Integer.MAX_VALUE;
  }
}
