package io.strand.store.log;

import io.strand.record.RecordBatch;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Buffered positional reads from a file channel, bounded by a byte limit fixed at construction (the published size
 * of a segment, so that a reader never looks at bytes a concurrent writer has not finished). Sequential header walks
 * read the file in windows instead of one system call per batch.
 *
 * <p>Not thread-safe; each reader creates its own. The channel itself may be shared, positional reads do not
 * move its position.
 */
public final class PositionalReader {
  /** Window size for header walks: large enough to cover an index interval of small batches in one read. */
  public static final int DEFAULT_WINDOW_BYTES = 16 * 1024;

  private final SharedFileChannel channel;
  private final int limit;
  private ByteBuffer window;
  private long windowStart;

  public PositionalReader(SharedFileChannel channel, int limit, int windowBytes) {
    this.channel = channel;
    this.limit = limit;
    this.window = ByteBuffer.allocate(windowBytes).limit(0);
  }

  /** The byte limit reads are bounded by. */
  public int limit() {
    return limit;
  }

  /**
   * Makes the bytes {@code [position, position + length)} readable and returns the buffer holding them; they start
   * at absolute index {@code position - windowStart()} of the returned buffer. Returns null when the range
   * reaches past the limit.
   *
   * @throws EOFException if the file is shorter than the limit
   */
  public ByteBuffer window(long position, int length) throws IOException {
    if (position < 0 || length < 0 || position + length > limit) {
      return null;
    }
    if (position >= windowStart && position + length <= windowStart + window.limit()) {
      return window;
    }
    int toRead = (int) Math.min(Math.max(length, window.capacity()), limit - position);
    if (toRead > window.capacity()) {
      window = ByteBuffer.allocate(toRead);
    }
    window.clear().limit(toRead);
    readFully(channel, window, position);
    window.flip();
    windowStart = position;
    return window;
  }

  /** File position of the first byte of the buffer last returned by {@link #window(long, int)}. */
  public long windowStart() {
    return windowStart;
  }

  /** Reads the header of the batch at {@code position}, or null if a whole header does not fit before the limit. */
  public BatchHeader headerAt(int position) throws IOException {
    ByteBuffer buf = window(position, RecordBatch.HEADER_SIZE);
    return buf == null ? null : BatchHeader.parse(buf, (int) (position - windowStart), position);
  }

  /** Reads {@code length} bytes at {@code position} into a new buffer, positioned at 0. */
  public static ByteBuffer readExactly(SharedFileChannel channel, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    readFully(channel, buf, position);
    return buf.flip();
  }

  /** Fills {@code dst} from {@code position}; positional reads may return short counts. */
  public static void readFully(SharedFileChannel channel, ByteBuffer dst, long position) throws IOException {
    long at = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, at);
      if (n < 0) {
        throw new EOFException("unexpected end of file at byte " + at + " while reading " + dst.remaining()
            + " more bytes");
      }
      at += n;
    }
  }
}
