package io.strand.store.log;

import java.util.List;

/**
 * Chooses the segments retention deletes: the longest prefix of inactive segments in which each segment is
 * entirely below the log start offset, or has a largest timestamp older than {@code retention.ms}, or can go while
 * the log stays at or above {@code retention.bytes}. Deleting only a prefix keeps the log contiguous; the active
 * segment is never a candidate.
 *
 * <p>Stateless and thread-safe.
 */
final class RetentionPolicy {
  private RetentionPolicy() {}

  /**
   * @param inactive inactive segments, ascending by base offset
   * @param logSizeBytes current size of the whole log, active segment included
   * @return how many segments from the start of {@code inactive} to delete
   */
  static int deletablePrefix(List<LogSegment> inactive, long logSizeBytes, long logStartOffset, LogConfig config,
      long nowMs) {
    long remaining = logSizeBytes;
    int count = 0;
    for (LogSegment segment : inactive) {
      boolean belowStart = segment.nextOffset() <= logStartOffset;
      boolean expired = config.retentionMs() >= 0 && segment.maxTimestamp() < nowMs - config.retentionMs();
      boolean oversize = config.retentionBytes() >= 0 && remaining - segment.size() >= config.retentionBytes();
      if (!belowStart && !expired && !oversize) {
        break;
      }
      remaining -= segment.size();
      count++;
    }
    return count;
  }
}
