package io.strand.store.log;

import java.nio.ByteBuffer;

/**
 * Whole record batches read from the log, ready to be sent as they are.
 *
 * @param records concatenated batches from position to limit; empty when nothing was read. The first batch may
 *     start before the requested offset (it is the batch that contains it)
 * @param firstBatchBaseOffset base offset of the first batch, -1 when {@code records} is empty
 * @param nextOffset the offset to read from next: one past the last record returned, or the requested offset when
 *     nothing was read
 */
public record LogReadResult(ByteBuffer records, long firstBatchBaseOffset, long nextOffset) {

  /** A read that found nothing at {@code offset} (the log end). */
  public static LogReadResult empty(long offset) {
    return new LogReadResult(ByteBuffer.allocate(0), -1L, offset);
  }

  /** Whether no batch was returned. */
  public boolean isEmpty() {
    return !records.hasRemaining();
  }

  /** Bytes of batches returned. */
  public int sizeInBytes() {
    return records.remaining();
  }
}
