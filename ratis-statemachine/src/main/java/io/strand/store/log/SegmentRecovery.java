package io.strand.store.log;

import io.strand.record.CorruptRecordException;
import io.strand.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The batch-by-batch re-scan behind {@link LogSegment#recover(int, long)}. A batch is accepted when its header
 * fits, its declared length is at least a header and fits in the file, {@link RecordBatch#ensureValid()} passes
 * (magic, CRC-32C, record count) and its base offset continues the previous batch. The first batch that fails ends
 * the scan; what follows it is cut off, because a torn or corrupt write can only be at the tail of what was written.
 *
 * <p>Stateless; operates on a segment nobody else is using yet.
 */
final class SegmentRecovery {
  private static final int WINDOW_BYTES = 64 * 1024;

  private SegmentRecovery() {}

  static SegmentRecoveryResult recover(LogSegment segment, int indexIntervalBytes, long nowMs) throws IOException {
    SharedFileChannel channel = segment.channel();
    long fileSize = channel.size();
    int limit = (int) Math.min(fileSize, Integer.MAX_VALUE);
    segment.resetForRecovery();
    PositionalReader reader = new PositionalReader(channel, limit, WINDOW_BYTES);
    int position = 0;
    long expected = segment.baseOffset();
    int batches = 0;
    String problem = null;
    while (position < limit) {
      problem = check(reader, position, expected);
      if (problem != null) {
        break;
      }
      BatchHeader header = reader.headerAt(position);
      segment.acceptRecovered(header, indexIntervalBytes);
      expected = header.nextOffset();
      position = header.endPosition();
      batches++;
    }
    if (problem == null && fileSize > limit) {
      problem = "file is " + fileSize + " bytes, larger than a segment can be";
    }
    segment.finishRecovery(nowMs);
    return new SegmentRecoveryResult(position, expected, batches, fileSize - position,
        Optional.ofNullable(problem).map(p -> segment.logPath() + ": " + p));
  }

  /** Why the batch at {@code position} is not acceptable, or null if it is. */
  private static String check(PositionalReader reader, int position, long expectedOffset) throws IOException {
    int remaining = reader.limit() - position;
    if (remaining < RecordBatch.HEADER_SIZE) {
      return "partial batch header at position " + position + ": " + remaining + " bytes, a header needs "
          + RecordBatch.HEADER_SIZE;
    }
    BatchHeader header = reader.headerAt(position);
    if (header.sizeInBytes() < RecordBatch.HEADER_SIZE) {
      return "invalid batch length at position " + position + ": size " + header.sizeInBytes()
          + " is below the minimum " + RecordBatch.HEADER_SIZE;
    }
    if (header.sizeInBytes() > remaining) {
      return "partial batch at position " + position + ": it declares " + header.sizeInBytes() + " bytes but "
          + remaining + " remain";
    }
    ByteBuffer window = reader.window(position, header.sizeInBytes());
    int index = (int) (position - reader.windowStart());
    try {
      RecordBatch.wrap(window.duplicate().position(index).limit(index + header.sizeInBytes())).ensureValid();
    } catch (CorruptRecordException e) {
      return "corrupt batch at position " + position + ": " + e.getMessage();
    }
    if (header.baseOffset() != expectedOffset) {
      return "batch at position " + position + " has base offset " + header.baseOffset() + ", expected "
          + expectedOffset;
    }
    return null;
  }
}
