package io.strand.store.log;

import io.strand.record.RecordBatch;
import java.nio.ByteBuffer;

/**
 * The fixed-size header fields of a RecordBatch v2 that the log needs to navigate a segment without decoding
 * records. Parsing does not validate the CRC; {@link #isPlausible()} only checks the length and magic.
 *
 * @param position byte position of the batch in its segment file
 * @param baseOffset offset of the batch's first record
 * @param sizeInBytes whole batch size on disk, the 12-byte log overhead included
 * @param magic format version, 2 for every batch the log accepts
 * @param lastOffsetDelta last record offset minus base offset
 * @param maxTimestamp largest record timestamp in the batch, -1 when records carry none
 */
public record BatchHeader(
    int position, long baseOffset, int sizeInBytes, byte magic, int lastOffsetDelta, long maxTimestamp) {

  private static final int LENGTH_FIELD = 8;
  private static final int MAGIC_FIELD = 16;
  private static final int LAST_OFFSET_DELTA_FIELD = 23;
  private static final int MAX_TIMESTAMP_FIELD = 35;

  /**
   * Parses the header whose first byte is at absolute index {@code index} of {@code buf}; at least {@link
   * RecordBatch#HEADER_SIZE} bytes must be readable there.
   */
  public static BatchHeader parse(ByteBuffer buf, int index, int position) {
    long declared = (long) buf.getInt(index + LENGTH_FIELD) + RecordBatch.LOG_OVERHEAD;
    int size = declared > Integer.MAX_VALUE || declared < 0 ? -1 : (int) declared;
    return new BatchHeader(position, buf.getLong(index), size, buf.get(index + MAGIC_FIELD),
        buf.getInt(index + LAST_OFFSET_DELTA_FIELD), buf.getLong(index + MAX_TIMESTAMP_FIELD));
  }

  /** Offset of the batch's last record. */
  public long lastOffset() {
    return baseOffset + lastOffsetDelta;
  }

  /** The offset that follows this batch. */
  public long nextOffset() {
    return lastOffset() + 1;
  }

  /** File position just past this batch. */
  public int endPosition() {
    return position + sizeInBytes;
  }

  /** Whether the length and magic could belong to a batch the log wrote; says nothing about the CRC. */
  public boolean isPlausible() {
    return sizeInBytes >= RecordBatch.HEADER_SIZE && magic == RecordBatch.MAGIC && lastOffsetDelta >= 0
        && baseOffset >= 0;
  }
}
