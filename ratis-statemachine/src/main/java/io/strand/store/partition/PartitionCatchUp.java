package io.strand.store.partition;

import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.log.SegmentedLog;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Copies the batches a lagging follower misses from the leader, for Ratis' snapshot notification mode: the
 * leader purged the Raft entries the follower needs, so the follower makes its log equal to the leader's log as of
 * the leader's latest snapshot, then reports that snapshot's term and index as installed and Ratis resumes
 * replication after it.
 *
 * <ul>
 *   <li>If the follower's log ends below the leader's log start (retention or DeleteRecords ran on the leader, also
 *       after its snapshot), it restarts empty at the leader's first retained batch.</li>
 *   <li>Batches are appended with their leader-assigned offsets ({@link SegmentedLog#appendWithOffsets}), up to
 *       exactly the snapshot's log end offset, which is a batch boundary on every replica.</li>
 *   <li>Finally the log start offset is raised to the leader's.</li>
 * </ul>
 *
 * <p>Not thread-safe: the caller holds the state machine's state lock (apply is excluded).
 */
final class PartitionCatchUp {
  private final PartitionCatchUpSource source;
  private final TopicPartitionId id;
  private final int fetchBytes;

  PartitionCatchUp(PartitionCatchUpSource source, TopicPartitionId id, int fetchBytes) {
    this.source = source;
    this.id = id;
    this.fetchBytes = fetchBytes;
  }

  void copyMissingBatches(SegmentedLog log, int leaderNodeId, PartitionSnapshotInfo target) throws IOException {
    long end = target.logEndOffset();
    if (log.logEndOffset() > end) {
      log.truncateTo(end);
    }
    // The leader serves nothing below its log start; the first batch it keeps may begin below it.
    long floor = target.logStartOffset();
    if (log.logEndOffset() < floor) {
      restartAt(log, leaderNodeId, floor);
    }
    while (log.logEndOffset() < end) {
      long next = log.logEndOffset();
      long readFrom = Math.max(next, floor);
      ByteBuffer chunk;
      try {
        chunk = source.readBatches(id, leaderNodeId, readFrom, fetchBytes);
      } catch (OffsetOutOfRangeException e) {
        if (e.logStartOffset() <= readFrom) {
          throw e;
        }
        // Retention on the leader moved past its snapshot's log start since the snapshot was taken; the entries
        // that did so come after the snapshot and will be replayed here too.
        floor = e.logStartOffset();
        if (floor >= end) {
          log.truncateFullyAndStartAt(end);
          break;
        }
        restartAt(log, leaderNodeId, floor);
        continue;
      }
      if (!chunk.hasRemaining()) {
        throw new IOException(id + ": leader " + leaderNodeId + " returned no batches at offset " + readFrom
            + ", expected data up to " + end);
      }
      appendUpTo(log, chunk, end);
      if (log.logEndOffset() == next) {
        throw new IOException(id + ": leader " + leaderNodeId + " returned no batch continuing at offset " + next);
      }
    }
    if (log.logStartOffset() < floor) {
      log.deleteRecordsBefore(floor);
    }
  }

  /** Empties the log and restarts it at the leader's batch that contains {@code leaderLogStart}. */
  private void restartAt(SegmentedLog log, int leaderNodeId, long leaderLogStart) throws IOException {
    ByteBuffer chunk = source.readBatches(id, leaderNodeId, leaderLogStart, fetchBytes);
    if (RecordBatches.peekSize(chunk) < 0) {
      throw new IOException(id + ": leader " + leaderNodeId + " returned no batch at its log start offset "
          + leaderLogStart);
    }
    long firstBase = RecordBatch.wrap(chunk).baseOffset();
    log.truncateFullyAndStartAt(firstBase);
  }

  private void appendUpTo(SegmentedLog log, ByteBuffer chunk, long end) throws IOException {
    for (RecordBatch batch : RecordBatches.iterate(chunk)) {
      long next = log.logEndOffset();
      if (batch.lastOffset() < next) {
        continue;
      }
      if (batch.baseOffset() >= end) {
        return;
      }
      if (batch.baseOffset() != next || batch.lastOffset() >= end) {
        throw new IOException(id + ": leader batch [" + batch.baseOffset() + ", " + batch.lastOffset()
            + "] does not continue the local log at " + next + " within the snapshot end " + end);
      }
      log.appendWithOffsets(batch.buffer());
    }
  }
}
