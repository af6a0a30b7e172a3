package io.strand.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A view over one RecordBatch v2 (magic 2) in a buffer. The layout, big-endian, with byte offsets:
 *
 * <pre>
 *   0 baseOffset            int64   not covered by the CRC (assigned by the log on append)
 *   8 batchLength           int32   bytes after this field
 *  12 partitionLeaderEpoch  int32   not covered by the CRC
 *  16 magic                 int8    = 2
 *  17 crc                   uint32  CRC-32C of bytes [21, end)
 *  21 attributes            int16   bits 0-2 codec, 3 timestamp type, 4 transactional, 5 control
 *  23 lastOffsetDelta       int32
 *  27 baseTimestamp         int64
 *  35 maxTimestamp          int64
 *  43 producerId            int64
 *  51 producerEpoch         int16
 *  53 baseSequence          int32
 *  57 recordCount           int32
 *  61 records               (compressed as one stream when the codec is not none)
 * </pre>
 *
 * <p>The view does not copy: accessors read the underlying buffer, and the two setters patch it in place. Not
 * thread-safe for patching; concurrent reads of an unchanging buffer are safe.
 */
public final class RecordBatch {
  public static final int LOG_OVERHEAD = 12;
  public static final int HEADER_SIZE = 61;
  public static final byte MAGIC = 2;
  public static final long NO_PRODUCER_ID = -1L;
  public static final short NO_PRODUCER_EPOCH = -1;
  public static final int NO_SEQUENCE = -1;
  public static final int NO_PARTITION_LEADER_EPOCH = -1;

  static final int BASE_OFFSET = 0;
  static final int LENGTH = 8;
  static final int PARTITION_LEADER_EPOCH = 12;
  static final int MAGIC_OFFSET = 16;
  static final int CRC = 17;
  static final int ATTRIBUTES = 21;
  static final int LAST_OFFSET_DELTA = 23;
  static final int BASE_TIMESTAMP = 27;
  static final int MAX_TIMESTAMP = 35;
  static final int PRODUCER_ID = 43;
  static final int PRODUCER_EPOCH = 51;
  static final int BASE_SEQUENCE = 53;
  static final int RECORD_COUNT = 57;

  static final int COMPRESSION_MASK = 0x07;
  static final int TIMESTAMP_TYPE_MASK = 0x08;
  static final int TRANSACTIONAL_MASK = 0x10;
  static final int CONTROL_MASK = 0x20;

  private final ByteBuffer buf;

  private RecordBatch(ByteBuffer buf) {
    this.buf = buf;
  }

  /**
   * Wraps the batch that starts at {@code buf.position()}. The view spans the batch's declared size, or whatever
   * remains of the buffer if that is shorter (so that {@link #ensureValid()} can report a truncated batch).
   *
   * @throws CorruptRecordException if fewer than {@link #LOG_OVERHEAD} bytes remain
   */
  public static RecordBatch wrap(ByteBuffer buf) {
    if (buf.remaining() < LOG_OVERHEAD) {
      throw new CorruptRecordException(
          "record batch needs at least " + LOG_OVERHEAD + " bytes for offset and length, found " + buf.remaining());
    }
    ByteBuffer slice = buf.slice().order(ByteOrder.BIG_ENDIAN);
    int declared = slice.getInt(LENGTH);
    long size = (long) declared + LOG_OVERHEAD;
    if (declared >= 0 && size <= slice.remaining()) {
      slice.limit((int) size);
    }
    return new RecordBatch(slice);
  }

  public long baseOffset() {
    return buf.getLong(BASE_OFFSET);
  }

  /** The offset of the last record: base offset plus last offset delta. */
  public long lastOffset() {
    return baseOffset() + lastOffsetDelta();
  }

  /** The whole batch size on disk: the log overhead plus the batch length field. */
  public int sizeInBytes() {
    return LOG_OVERHEAD + buf.getInt(LENGTH);
  }

  public int partitionLeaderEpoch() {
    return buf.getInt(PARTITION_LEADER_EPOCH);
  }

  public byte magic() {
    return buf.get(MAGIC_OFFSET);
  }

  /** The stored CRC-32C as an unsigned value. */
  public long checksum() {
    return Integer.toUnsignedLong(buf.getInt(CRC));
  }

  public short attributes() {
    return buf.getShort(ATTRIBUTES);
  }

  public CompressionType compression() {
    return CompressionType.forId(attributes() & COMPRESSION_MASK);
  }

  /** True when timestamps are log-append time (attribute bit 3) rather than create time. */
  public boolean isLogAppendTime() {
    return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
  }

  public boolean isTransactional() {
    return (attributes() & TRANSACTIONAL_MASK) != 0;
  }

  public boolean isControl() {
    return (attributes() & CONTROL_MASK) != 0;
  }

  public int lastOffsetDelta() {
    return buf.getInt(LAST_OFFSET_DELTA);
  }

  public long baseTimestamp() {
    return buf.getLong(BASE_TIMESTAMP);
  }

  public long maxTimestamp() {
    return buf.getLong(MAX_TIMESTAMP);
  }

  public long producerId() {
    return buf.getLong(PRODUCER_ID);
  }

  public short producerEpoch() {
    return buf.getShort(PRODUCER_EPOCH);
  }

  public int baseSequence() {
    return buf.getInt(BASE_SEQUENCE);
  }

  /** The sequence of the last record, wrapping after Integer.MAX_VALUE as Kafka does. */
  public int lastSequence() {
    int base = baseSequence();
    if (base == NO_SEQUENCE) {
      return NO_SEQUENCE;
    }
    int delta = lastOffsetDelta();
    if (base > Integer.MAX_VALUE - delta) {
      return delta - (Integer.MAX_VALUE - base) - 1;
    }
    return base + delta;
  }

  public int recordCount() {
    return buf.getInt(RECORD_COUNT);
  }

  /** Recomputes the CRC-32C over [attributes, end) and compares it with the stored value. */
  public boolean isChecksumValid() {
    return buf.limit() >= HEADER_SIZE && computeChecksum(buf) == checksum();
  }

  /**
   * Checks the structure a log relies on: complete length, magic 2, CRC, a known codec and a record count that
   * matches the last offset delta. Does not decode records; {@link #records()} checks those.
   *
   * @throws CorruptRecordException describing the first problem found, with expected and actual values
   */
  public void ensureValid() {
    int declared = buf.getInt(LENGTH);
    if (declared < HEADER_SIZE - LOG_OVERHEAD) {
      throw new CorruptRecordException("batch length " + declared + " is below the minimum "
          + (HEADER_SIZE - LOG_OVERHEAD));
    }
    if ((long) declared + LOG_OVERHEAD > buf.limit()) {
      throw new CorruptRecordException("batch declares " + ((long) declared + LOG_OVERHEAD)
          + " bytes but only " + buf.limit() + " are present");
    }
    if (magic() != MAGIC) {
      throw new CorruptRecordException("batch magic is " + magic() + ", expected " + MAGIC);
    }
    long computed = computeChecksum(buf);
    if (computed != checksum()) {
      throw new CorruptRecordException("batch CRC-32C mismatch: stored " + checksum() + ", computed " + computed);
    }
    compression();
    int count = recordCount();
    if (count <= 0) {
      throw new CorruptRecordException("batch record count is " + count + ", expected at least 1");
    }
    if (lastOffsetDelta() != count - 1) {
      throw new CorruptRecordException("batch last offset delta is " + lastOffsetDelta()
          + " but it holds " + count + " records (expected " + (count - 1) + ")");
    }
  }

  /** Sets the base offset; not covered by the CRC, so the batch stays valid. */
  public void setBaseOffset(long baseOffset) {
    buf.putLong(BASE_OFFSET, baseOffset);
  }

  /** Sets the partition leader epoch; not covered by the CRC, so the batch stays valid. */
  public void setPartitionLeaderEpoch(int epoch) {
    buf.putInt(PARTITION_LEADER_EPOCH, epoch);
  }

  /** A duplicate of exactly this batch's bytes, position 0. Independent position and limit; shared content. */
  public ByteBuffer buffer() {
    return buf.duplicate().position(0).limit(Math.min(sizeInBytes(), buf.limit()));
  }

  /**
   * Decodes every record, decompressing if needed. Offsets are absolute; with log-append time, every record's
   * timestamp is the batch's max timestamp.
   *
   * @throws CorruptRecordException if the records are malformed or fewer than {@link #recordCount()}
   */
  public List<Record> records() {
    int count = recordCount();
    List<Record> out = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
    ByteBuffer payload = buf.duplicate().position(HEADER_SIZE).limit(sizeInBytes()).slice();
    CompressionType codec = compression();
    ByteBuffer plain = codec == CompressionType.NONE ? payload : decompress(codec, payload);
    long base = baseOffset();
    long baseTs = baseTimestamp();
    Long appendTime = isLogAppendTime() ? maxTimestamp() : null;
    for (int i = 0; i < count; i++) {
      out.add(readRecord(plain, base, baseTs, appendTime));
    }
    if (plain.hasRemaining()) {
      throw new CorruptRecordException(plain.remaining() + " bytes follow the last of " + count + " records");
    }
    return out;
  }

  @Override
  public String toString() {
    return "RecordBatch[baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size=" + sizeInBytes()
        + ", records=" + recordCount() + ", codec=" + (attributes() & COMPRESSION_MASK)
        + ", producerId=" + producerId() + ", baseSequence=" + baseSequence() + "]";
  }

  static long computeChecksum(ByteBuffer batch) {
    CRC32C crc = new CRC32C();
    int end = Math.min(batch.limit(), LOG_OVERHEAD + batch.getInt(LENGTH));
    crc.update(batch.duplicate().position(ATTRIBUTES).limit(end));
    return crc.getValue();
  }

  private static ByteBuffer decompress(CompressionType codec, ByteBuffer payload) {
    GrowableBuffer out = new GrowableBuffer(payload.remaining() * 4);
    try (InputStream in = codec.wrapForInput(new ByteBufferInputStream(payload))) {
      byte[] chunk = new byte[16 * 1024];
      int n;
      while ((n = in.read(chunk)) != -1) {
        out.put(chunk, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      throw new CorruptRecordException("cannot decompress " + codec.configName() + " batch: " + e.getMessage(), e);
    }
    return out.view();
  }

  private static Record readRecord(ByteBuffer in, long baseOffset, long baseTimestamp, Long appendTime) {
    int length = Varints.readVarint(in);
    if (length < 0 || length > in.remaining()) {
      throw new CorruptRecordException("record length " + length + " exceeds the " + in.remaining()
          + " bytes left in the batch");
    }
    ByteBuffer rec = in.slice().limit(length);
    in.position(in.position() + length);
    rec.get(); // record attributes: unused in v2
    long timestampDelta = Varints.readVarlong(rec);
    int offsetDelta = Varints.readVarint(rec);
    byte[] key = readBytes(rec, "key");
    byte[] value = readBytes(rec, "value");
    int headerCount = Varints.readVarint(rec);
    if (headerCount < 0) {
      throw new CorruptRecordException("negative header count " + headerCount);
    }
    List<Header> headers = new ArrayList<>(Math.min(headerCount, 64));
    for (int i = 0; i < headerCount; i++) {
      byte[] hk = readBytes(rec, "header key");
      if (hk == null) {
        throw new CorruptRecordException("null header key");
      }
      headers.add(new Header(new String(hk, StandardCharsets.UTF_8), readBytes(rec, "header value")));
    }
    if (rec.hasRemaining()) {
      throw new CorruptRecordException(rec.remaining() + " unread bytes at the end of a record");
    }
    long ts = appendTime != null ? appendTime : baseTimestamp + timestampDelta;
    return new Record(baseOffset + offsetDelta, ts, key, value, headers);
  }

  private static byte[] readBytes(ByteBuffer in, String what) {
    int len = Varints.readVarint(in);
    if (len < 0) {
      return null;
    }
    if (len > in.remaining()) {
      throw new CorruptRecordException(what + " length " + len + " exceeds the " + in.remaining()
          + " bytes left in the record");
    }
    byte[] out = new byte[len];
    in.get(out);
    return out;
  }

  /** Streams a buffer's remaining bytes without copying them first. */
  private static final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer src;

    ByteBufferInputStream(ByteBuffer src) {
      this.src = src;
    }

    @Override
    public int read() {
      return src.hasRemaining() ? src.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!src.hasRemaining()) {
        return -1;
      }
      int n = Math.min(len, src.remaining());
      src.get(b, off, n);
      return n;
    }

    @Override
    public int available() {
      return src.remaining();
    }
  }
}
