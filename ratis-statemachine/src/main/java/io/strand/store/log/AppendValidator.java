package io.strand.store.log;

import io.strand.record.CorruptRecordException;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.store.error.CorruptBatchException;
import io.strand.store.error.RecordTooLargeException;
import java.nio.ByteBuffer;

/**
 * Checks a batch offered to the log before anything is written: the buffer holds exactly one batch, the batch is
 * no larger than {@code max.message.bytes}, and {@link RecordBatch#ensureValid()} passes (length, magic 2,
 * CRC-32C, a record count matching the last offset delta).
 *
 * <p>Stateless and thread-safe.
 */
final class AppendValidator {
  private AppendValidator() {}

  /**
   * @return a view of the validated batch over {@code buffer}'s bytes
   * @throws CorruptBatchException if the batch is malformed
   * @throws RecordTooLargeException if it exceeds {@code maxMessageBytes}
   */
  static RecordBatch validate(ByteBuffer buffer, int maxMessageBytes) {
    int remaining = buffer.remaining();
    if (remaining < RecordBatch.HEADER_SIZE) {
      throw new CorruptBatchException("record batch of " + remaining + " bytes is shorter than the "
          + RecordBatch.HEADER_SIZE + "-byte batch header");
    }
    int declared = RecordBatches.peekSize(buffer);
    if (declared != remaining) {
      throw new CorruptBatchException("buffer holds " + remaining + " bytes but the batch length field declares "
          + declared + "; append takes exactly one whole batch");
    }
    if (remaining > maxMessageBytes) {
      throw new RecordTooLargeException(remaining, maxMessageBytes);
    }
    RecordBatch batch = RecordBatch.wrap(buffer);
    try {
      batch.ensureValid();
    } catch (CorruptRecordException e) {
      throw new CorruptBatchException("invalid record batch: " + e.getMessage(), e);
    }
    return batch;
  }
}
