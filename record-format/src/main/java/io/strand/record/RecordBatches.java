package io.strand.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Iteration over concatenated record batches, such as a fetch response or a segment file region. */
public final class RecordBatches {
  private RecordBatches() {}

  /**
   * Returns the size of the batch at {@code buf.position()} as its header declares it, or -1 if fewer than
   * {@link RecordBatch#LOG_OVERHEAD} bytes remain. The size is not checked against what remains.
   */
  public static int peekSize(ByteBuffer buf) {
    if (buf.remaining() < RecordBatch.LOG_OVERHEAD) {
      return -1;
    }
    return RecordBatch.LOG_OVERHEAD + buf.getInt(buf.position() + RecordBatch.LENGTH);
  }

  /**
   * Iterates the complete batches in {@code buf} from its position, stopping before an incomplete trailing batch.
   * The iteration does not move {@code buf}'s position. Batches are views sharing its content.
   */
  public static Iterable<RecordBatch> iterate(ByteBuffer buf) {
    ByteBuffer src = buf.duplicate();
    return () -> new Iterator<>() {
      private int pos = src.position();

      @Override
      public boolean hasNext() {
        ByteBuffer at = src.duplicate().position(pos);
        int size = peekSize(at);
        return size >= RecordBatch.HEADER_SIZE && size <= at.remaining();
      }

      @Override
      public RecordBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        RecordBatch batch = RecordBatch.wrap(src.duplicate().position(pos));
        pos += batch.sizeInBytes();
        return batch;
      }
    };
  }
}
