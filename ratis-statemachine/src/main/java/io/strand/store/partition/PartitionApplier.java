package io.strand.store.partition;

import com.google.protobuf.ByteString;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.AppendBatches;
import io.strand.internal.proto.BatchResult;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.internal.proto.ProducerBatch;
import io.strand.internal.proto.ProducerStateSnapshot;
import io.strand.record.RecordBatch;
import io.strand.store.error.CorruptBatchException;
import io.strand.store.error.RecordTooLargeException;
import io.strand.store.log.LogAppendInfo;
import io.strand.store.log.SegmentedLog;
import java.nio.ByteBuffer;

/**
 * Applies committed partition commands to the segmented log and the producer table: the deterministic core of the
 * partition state machine. Everything it decides (offsets, leader epoch, append time, duplicates, retention) follows
 * from the command, the entry's term and the current state, so every replica and every replay reaches the same
 * result.
 *
 * <p>Business rejections are results; a {@link io.strand.store.error.StoreException} other than a batch validation
 * error (for example an I/O failure) propagates and means this replica's state can no longer be trusted.
 *
 * <p>Not thread-safe: used only by the apply thread (or by catch-up while apply is excluded).
 */
final class PartitionApplier {
  private final SegmentedLog log;
  private final ProducerStateTable producers;
  private final ApplyClock clock;
  private long lastAppendTimeMs;

  PartitionApplier(SegmentedLog log, ProducerStateTable producers, ApplyClock clock, long lastAppendTimeMs) {
    this.log = log;
    this.producers = producers;
    this.clock = clock;
    this.lastAppendTimeMs = lastAppendTimeMs;
  }

  /**
   * Applies one command.
   *
   * @param term the Raft term of the entry, stamped into appended batches as their partition leader epoch
   */
  PartitionCommandResult apply(PartitionCommand command, long term) {
    PartitionCommandResult.Builder result = PartitionCommandResult.newBuilder();
    switch (command.getCommandCase()) {
      case APPEND_BATCHES -> appendBatches(command.getAppendBatches(), term, result);
      case DELETE_RECORDS -> deleteRecords(command.getDeleteRecords().getBeforeOffset(), result);
      case APPLY_RETENTION -> applyRetention(command.getApplyRetention().getNowMs());
      default -> result.setError(ErrorCode.ERROR_CODE_INVALID_REQUEST)
          .setErrorMessage("unknown partition command " + command.getCommandCase());
    }
    return result.setLogStartOffset(log.logStartOffset()).setLogEndOffset(log.logEndOffset()).build();
  }

  long lastAppendTimeMs() {
    return lastAppendTimeMs;
  }

  /** The producer table and append clock, for a snapshot. */
  ProducerStateSnapshot producerState() {
    return producers.toProto().setLastAppendTimeMs(lastAppendTimeMs).build();
  }

  /** Replaces the producer table and append clock (snapshot load or catch-up from the leader). */
  void loadProducerState(ProducerStateSnapshot state) {
    producers.load(state);
    lastAppendTimeMs = state.getLastAppendTimeMs();
    clock.set(lastAppendTimeMs);
  }

  private void appendBatches(AppendBatches append, long term, PartitionCommandResult.Builder result) {
    long appendTimeMs = Math.max(lastAppendTimeMs, append.getAppendTimeMs());
    lastAppendTimeMs = appendTimeMs;
    clock.set(appendTimeMs);
    for (ByteString bytes : append.getBatchesList()) {
      result.addBatchResults(appendBatch(bytes, term, appendTimeMs));
    }
  }

  private BatchResult appendBatch(ByteString bytes, long term, long appendTimeMs) {
    BatchResult.Builder result = BatchResult.newBuilder().setAppendTimeMs(appendTimeMs);
    // A private, writable copy: the log patches the base offset in place, and the command's bytes are shared with
    // Ratis' log cache.
    ByteBuffer copy = ByteBuffer.allocate(bytes.size());
    bytes.copyTo(copy);
    copy.flip();
    // The leader validated the batch; the log validates it again on append. Only make sure the header can be read.
    if (copy.remaining() < RecordBatch.HEADER_SIZE) {
      return rejected(result, ErrorCode.ERROR_CODE_CORRUPT_BATCH, "batch of " + copy.remaining()
          + " bytes is shorter than a batch header");
    }
    RecordBatch batch = RecordBatch.wrap(copy);
    ProducerStateTable.Check check = producers.check(batch.producerId(), batch.producerEpoch(),
        batch.baseSequence(), batch.lastSequence());
    switch (check.verdict()) {
      case DUPLICATE -> {
        return result.setError(check.error()).setErrorMessage(check.message())
            .setBaseOffset(check.baseOffset()).setLastOffset(check.lastOffset()).build();
      }
      case REJECT -> {
        return rejected(result, check.error(), check.message());
      }
      default -> { }
    }
    batch.setPartitionLeaderEpoch((int) term);
    LogAppendInfo info;
    try {
      info = log.append(copy);
    } catch (CorruptBatchException | RecordTooLargeException e) {
      return rejected(result, e.errorCode(), String.valueOf(e.getMessage()));
    }
    producers.record(batch.producerId(), batch.producerEpoch(), ProducerBatch.newBuilder()
        .setFirstSequence(batch.baseSequence())
        .setLastSequence(batch.lastSequence())
        .setBaseOffset(info.baseOffset())
        .setLastOffset(info.lastOffset())
        .build(), appendTimeMs);
    return result.setError(ErrorCode.ERROR_CODE_NONE).setBaseOffset(info.baseOffset())
        .setLastOffset(info.lastOffset()).build();
  }

  private static BatchResult rejected(BatchResult.Builder result, ErrorCode error, String message) {
    return result.setError(error).setErrorMessage(message).setBaseOffset(-1).setLastOffset(-1).build();
  }

  private void deleteRecords(long beforeOffset, PartitionCommandResult.Builder result) {
    long end = log.logEndOffset();
    long target = beforeOffset == -1 ? end : beforeOffset;
    if (target < 0 || target > end) {
      result.setError(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE).setErrorMessage("cannot delete records before "
          + beforeOffset + ": valid range is [" + log.logStartOffset() + ", " + end + "] (or -1)");
      return;
    }
    if (target > log.logStartOffset()) {
      log.deleteRecordsBefore(target);
    }
  }

  private void applyRetention(long nowMs) {
    log.applyRetention(nowMs);
  }
}
