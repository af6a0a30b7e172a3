package io.strand.store.partition;

import com.google.protobuf.ByteString;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.PartitionCommand;
import io.strand.record.CorruptRecordException;
import io.strand.record.RecordBatch;
import io.strand.store.log.LogConfig;
import io.strand.store.raft.RatisTuning;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Leader-side validation, so that the Raft log only holds entries that apply: a single batch before it is queued
 * ({@link #checkBatch}), and a whole command before Ratis appends it ({@link #validate}).
 *
 * <p>Stateless and thread-safe.
 */
final class CommandValidator {
  private CommandValidator() {}

  /**
   * The largest batch a partition accepts: the topic's {@code max.message.bytes}, capped so that the batch fits in
   * one Raft entry.
   */
  static int maxBatchBytes(LogConfig config, RatisTuning tuning) {
    int entryCap = tuning.maxCommandBytes() - PartitionCommandCodec.APPEND_COMMAND_OVERHEAD - 6;
    return Math.min(config.maxMessageBytes(), entryCap);
  }

  /**
   * Checks one batch: exactly one well-formed RecordBatch v2 with a valid CRC, no larger than maxBatchBytes.
   *
   * @return the rejection, or empty if the batch may be proposed
   */
  static Optional<AppendResult> checkBatch(ByteBuffer batch, int maxBatchBytes) {
    if (batch.remaining() < RecordBatch.HEADER_SIZE) {
      return Optional.of(AppendResult.rejected(ErrorCode.ERROR_CODE_CORRUPT_BATCH,
          "a record batch needs at least " + RecordBatch.HEADER_SIZE + " bytes, got " + batch.remaining()));
    }
    RecordBatch view = RecordBatch.wrap(batch);
    if (view.sizeInBytes() != batch.remaining()) {
      return Optional.of(AppendResult.rejected(ErrorCode.ERROR_CODE_CORRUPT_BATCH, "expected exactly one batch: "
          + "the batch declares " + view.sizeInBytes() + " bytes but " + batch.remaining() + " were sent"));
    }
    if (batch.remaining() > maxBatchBytes) {
      return Optional.of(AppendResult.rejected(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE, "batch of "
          + batch.remaining() + " bytes exceeds the partition's limit of " + maxBatchBytes + " bytes"));
    }
    try {
      view.ensureValid();
    } catch (CorruptRecordException e) {
      return Optional.of(AppendResult.rejected(ErrorCode.ERROR_CODE_CORRUPT_BATCH, e.getMessage()));
    }
    return Optional.empty();
  }

  /**
   * Checks a command on the leader before it enters the Raft log.
   *
   * @throws IllegalArgumentException describing the first problem
   */
  static void validate(PartitionCommand command, int encodedBytes, LogConfig config, RatisTuning tuning) {
    if (encodedBytes > tuning.maxCommandBytes()) {
      throw new IllegalArgumentException("command of " + encodedBytes + " bytes exceeds the entry limit of "
          + tuning.maxCommandBytes() + " bytes");
    }
    switch (command.getCommandCase()) {
      case APPEND_BATCHES -> {
        if (command.getAppendBatches().getBatchesCount() == 0) {
          throw new IllegalArgumentException("AppendBatches without batches");
        }
        int maxBatchBytes = maxBatchBytes(config, tuning);
        for (ByteString batch : command.getAppendBatches().getBatchesList()) {
          checkBatch(batch.asReadOnlyByteBuffer(), maxBatchBytes).ifPresent(rejection -> {
            throw new IllegalArgumentException(rejection.error() + ": " + rejection.errorMessage());
          });
        }
      }
      case DELETE_RECORDS -> {
        if (command.getDeleteRecords().getBeforeOffset() < -1) {
          throw new IllegalArgumentException("DeleteRecords offset must be >= -1, got "
              + command.getDeleteRecords().getBeforeOffset());
        }
      }
      case APPLY_RETENTION -> { }
      default -> throw new IllegalArgumentException("unknown partition command " + command.getCommandCase());
    }
  }
}
