package io.strand.store.log.recovery;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link LogRecovery} found when a log was opened, for logs, metrics and tests.
 *
 * @param dir the partition directory
 * @param checkpointRecoveryPoint recovery point read from the checkpoint, -1 when there was no usable checkpoint
 * @param segmentsLoaded segments in the log after recovery
 * @param segmentsScanned segments re-validated batch by batch (those reaching past the recovery point, plus damaged
 *     ones)
 * @param indexesRebuilt segments whose index files were missing or inconsistent
 * @param bytesTruncated bytes cut from segment tails (torn, corrupt or garbage)
 * @param segmentsDeleted segment files deleted: after a truncation point, out of sequence, or below the log start
 * @param logStartOffset log start offset after recovery
 * @param logEndOffset log end offset after recovery
 * @param problems one line per damage found and what was done about it, naming the file and position
 */
public record RecoveryReport(
    Path dir,
    long checkpointRecoveryPoint,
    int segmentsLoaded,
    int segmentsScanned,
    int indexesRebuilt,
    long bytesTruncated,
    int segmentsDeleted,
    long logStartOffset,
    long logEndOffset,
    List<String> problems) {

  public RecoveryReport {
    problems = List.copyOf(problems);
  }

  /** True when nothing was damaged (re-scanning unflushed segments alone is not damage). */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
