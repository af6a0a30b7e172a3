package io.strand.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds one RecordBatch v2 with base offset 0 (the log assigns offsets) and create-time timestamps. Records are
 * encoded as they are appended; compression runs once in {@link #build()}. Not thread-safe.
 */
public final class RecordBatchBuilder {
  private final CompressionType compression;
  private final GrowableBuffer records = new GrowableBuffer(1024);
  private long producerId = RecordBatch.NO_PRODUCER_ID;
  private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
  private int baseSequence = RecordBatch.NO_SEQUENCE;
  private int count;
  private long baseTimestamp;
  private long maxTimestamp = -1L;

  public RecordBatchBuilder(CompressionType compression) {
    this.compression = compression;
  }

  /** Marks the batch as coming from an idempotent producer; sequences count records per partition. */
  public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.baseSequence = baseSequence;
    return this;
  }

  /**
   * Appends a record. The first record's timestamp becomes the batch base timestamp.
   *
   * @param key null for no key
   * @param value null for a tombstone
   * @param headers null or empty for none
   */
  public RecordBatchBuilder append(long timestampMs, byte[] key, byte[] value, List<Header> headers) {
    if (count == 0) {
      baseTimestamp = timestampMs;
    }
    maxTimestamp = Math.max(maxTimestamp, timestampMs);
    List<Header> hs = headers == null ? List.of() : headers;
    long tsDelta = timestampMs - baseTimestamp;
    int bodySize = 1 + Varints.sizeOfVarlong(tsDelta) + Varints.sizeOfVarint(count)
        + sizeOfBytes(key) + sizeOfBytes(value) + Varints.sizeOfVarint(hs.size());
    byte[][] headerKeys = new byte[hs.size()][];
    for (int i = 0; i < hs.size(); i++) {
      headerKeys[i] = hs.get(i).key().getBytes(StandardCharsets.UTF_8);
      bodySize += sizeOfBytes(headerKeys[i]) + sizeOfBytes(hs.get(i).value());
    }
    Varints.writeVarint(bodySize, records);
    records.put((byte) 0);
    Varints.writeVarlong(tsDelta, records);
    Varints.writeVarint(count, records);
    writeBytes(key, records);
    writeBytes(value, records);
    Varints.writeVarint(hs.size(), records);
    for (int i = 0; i < hs.size(); i++) {
      writeBytes(headerKeys[i], records);
      writeBytes(hs.get(i).value(), records);
    }
    count++;
    return this;
  }

  public int recordCount() {
    return count;
  }

  /** The batch size before compression; an upper bound for most compressed batches. */
  public int estimatedSizeInBytes() {
    return RecordBatch.HEADER_SIZE + records.size();
  }

  /**
   * Encodes the batch into a new heap buffer positioned at 0.
   *
   * @throws IllegalStateException if no record was appended
   */
  public ByteBuffer build() {
    if (count == 0) {
      throw new IllegalStateException("a record batch needs at least one record");
    }
    GrowableBuffer out = new GrowableBuffer(estimatedSizeInBytes());
    for (int i = 0; i < RecordBatch.HEADER_SIZE; i++) {
      out.put((byte) 0);
    }
    if (compression == CompressionType.NONE) {
      ByteBuffer view = records.view();
      out.put(view.array(), 0, view.limit());
    } else {
      try (OutputStream compressed = compression.wrapForOutput(new NonClosing(out))) {
        ByteBuffer view = records.view();
        compressed.write(view.array(), 0, view.limit());
      } catch (IOException e) {
        throw new IllegalStateException("compression with " + compression.configName() + " failed", e);
      }
    }
    ByteBuffer batch = ByteBuffer.wrap(out.view().array(), 0, out.size()).slice();
    batch.putLong(RecordBatch.BASE_OFFSET, 0L);
    batch.putInt(RecordBatch.LENGTH, out.size() - RecordBatch.LOG_OVERHEAD);
    batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH, RecordBatch.NO_PARTITION_LEADER_EPOCH);
    batch.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
    batch.putShort(RecordBatch.ATTRIBUTES, (short) compression.id());
    batch.putInt(RecordBatch.LAST_OFFSET_DELTA, count - 1);
    batch.putLong(RecordBatch.BASE_TIMESTAMP, baseTimestamp);
    batch.putLong(RecordBatch.MAX_TIMESTAMP, maxTimestamp);
    batch.putLong(RecordBatch.PRODUCER_ID, producerId);
    batch.putShort(RecordBatch.PRODUCER_EPOCH, producerEpoch);
    batch.putInt(RecordBatch.BASE_SEQUENCE, baseSequence);
    batch.putInt(RecordBatch.RECORD_COUNT, count);
    batch.putInt(RecordBatch.CRC, (int) RecordBatch.computeChecksum(batch));
    return batch;
  }

  private static int sizeOfBytes(byte[] b) {
    return b == null ? Varints.sizeOfVarint(-1) : Varints.sizeOfVarint(b.length) + b.length;
  }

  private static void writeBytes(byte[] b, GrowableBuffer out) {
    if (b == null) {
      Varints.writeVarint(-1, out);
    } else {
      Varints.writeVarint(b.length, out);
      out.put(b, 0, b.length);
    }
  }

  /** Lets codec streams flush their trailer on close without closing the shared buffer. */
  private static final class NonClosing extends OutputStream {
    private final GrowableBuffer target;

    NonClosing(GrowableBuffer target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      target.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.put(b, off, len);
    }
  }
}
