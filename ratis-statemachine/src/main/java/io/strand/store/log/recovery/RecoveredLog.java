package io.strand.store.log.recovery;

import io.strand.store.log.LogSegment;
import java.util.List;

/**
 * The state {@link LogRecovery} hands to the log it opens.
 *
 * @param segments loaded segments ascending by base offset with contiguous offsets, never empty; the last is
 *     active
 * @param logStartOffset first readable offset, within the first segment
 * @param recoveryPoint offset below which everything is on disk (the log end offset: recovery forces what it
 *     re-validated)
 * @param report what was found and repaired
 */
public record RecoveredLog(
    List<LogSegment> segments, long logStartOffset, long recoveryPoint, RecoveryReport report) {

  public RecoveredLog {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a recovered log has at least one segment");
    }
  }
}
