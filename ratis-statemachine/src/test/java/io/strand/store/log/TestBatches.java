package io.strand.store.log;

import io.strand.record.CompressionType;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import io.strand.record.RecordBatches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds record batches for log tests and decodes what reads return. */
public final class TestBatches {
  private TestBatches() {}

  /**
   * A batch of {@code records} records, each with a value of {@code valueBytes} bytes, timestamps {@code
   * timestampMs, timestampMs + 1, ...}. Values encode the timestamp and index so that batches differ.
   */
  public static ByteBuffer batch(long timestampMs, int records, int valueBytes) {
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
    for (int i = 0; i < records; i++) {
      builder.append(timestampMs + i, ("k" + i).getBytes(StandardCharsets.UTF_8), value(timestampMs, i, valueBytes),
          null);
    }
    return builder.build();
  }

  /** A batch whose records carry exactly the given timestamps. */
  public static ByteBuffer batchWithTimestamps(long... timestampsMs) {
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
    for (long ts : timestampsMs) {
      builder.append(ts, null, Long.toString(ts).getBytes(StandardCharsets.UTF_8), null);
    }
    return builder.build();
  }

  static byte[] value(long seed, int index, int valueBytes) {
    byte[] value = new byte[valueBytes];
    for (int i = 0; i < valueBytes; i++) {
      value[i] = (byte) (seed * 31 + index * 7 + i);
    }
    return value;
  }

  /** Every batch in a read result, each checked with {@link RecordBatch#ensureValid()}. */
  public static List<RecordBatch> batches(LogReadResult result) {
    List<RecordBatch> out = new ArrayList<>();
    int total = 0;
    for (RecordBatch batch : RecordBatches.iterate(result.records())) {
      batch.ensureValid();
      out.add(batch);
      total += batch.sizeInBytes();
    }
    if (total != result.records().remaining()) {
      throw new AssertionError("read returned " + result.records().remaining() + " bytes but only " + total
          + " form whole batches");
    }
    return out;
  }

  /** Every record in a read result. */
  public static List<Record> records(LogReadResult result) {
    List<Record> out = new ArrayList<>();
    for (RecordBatch batch : batches(result)) {
      out.addAll(batch.records());
    }
    return out;
  }

  /** A copy of a buffer's remaining bytes. */
  public static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
