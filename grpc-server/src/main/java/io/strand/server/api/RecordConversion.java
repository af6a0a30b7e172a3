package io.strand.server.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.strand.api.v1.Compression;
import io.strand.api.v1.Record;
import io.strand.api.v1.RecordHeader;
import io.strand.api.v1.StructuredBatch;
import io.strand.record.CompressionType;
import io.strand.record.CorruptRecordException;
import io.strand.record.Header;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import io.strand.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Structured protobuf records to and from RecordBatch v2: encodes a structured produce into one batch, checks
 * raw produce batches, and decodes fetched batches for structured fetch. Stateless and thread-safe.
 */
public final class RecordConversion {

  private RecordConversion() {}

  /**
   * Encodes structured records into one batch (base offset 0; the leader assigns offsets).
   *
   * @param nowMs the time for records whose timestamp is 0
   * @throws IllegalArgumentException when there are no records
   */
  public static ByteBuffer encode(StructuredBatch batch, long nowMs) {
    if (batch.getRecordsCount() == 0) {
      throw new IllegalArgumentException("the structured batch has no records; send at least one");
    }
    RecordBatchBuilder builder = new RecordBatchBuilder(compression(batch.getCompression()));
    if (batch.getProducerId() > 0) {
      builder.producer(batch.getProducerId(), (short) batch.getProducerEpoch(), batch.getBaseSequence());
    }
    for (Record r : batch.getRecordsList()) {
      List<Header> headers = new ArrayList<>(r.getHeadersCount());
      for (RecordHeader h : r.getHeadersList()) {
        headers.add(new Header(h.getKey(), h.getValue().toByteArray()));
      }
      builder.append(r.getTimestampMs() == 0 ? nowMs : r.getTimestampMs(),
          r.hasKey() ? r.getKey().toByteArray() : null,
          r.hasValue() ? r.getValue().toByteArray() : null,
          headers);
    }
    return builder.build();
  }

  /**
   * Checks that {@code bytes} hold exactly one valid batch and returns it as a buffer.
   *
   * @throws CorruptRecordException naming what is wrong (CRC, length, magic, trailing bytes)
   */
  public static ByteBuffer checkRawBatch(ByteString bytes) {
    ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
    RecordBatch batch = RecordBatch.wrap(buffer);
    batch.ensureValid();
    if (batch.sizeInBytes() != buffer.remaining()) {
      throw new CorruptRecordException("record_batch must hold exactly one batch: the batch is "
          + batch.sizeInBytes() + " bytes but " + buffer.remaining() + " bytes were sent");
    }
    ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
    copy.put(buffer).flip();
    return copy;
  }

  /**
   * Decodes batches into structured records, dropping records before {@code fromOffset} (a fetch may start in the
   * middle of a batch).
   */
  public static List<Record> decode(ByteBuffer batches, long fromOffset) {
    List<Record> out = new ArrayList<>();
    for (RecordBatch batch : RecordBatches.iterate(batches)) {
      if (batch.isControl()) {
        continue;
      }
      for (io.strand.record.Record r : batch.records()) {
        if (r.offset() < fromOffset) {
          continue;
        }
        Record.Builder b = Record.newBuilder().setOffset(r.offset()).setTimestampMs(r.timestampMs());
        if (r.key() != null) {
          b.setKey(UnsafeByteOperations.unsafeWrap(r.key()));
        }
        if (r.value() != null) {
          b.setValue(UnsafeByteOperations.unsafeWrap(r.value()));
        }
        for (Header h : r.headers()) {
          b.addHeaders(RecordHeader.newBuilder().setKey(h.key())
              .setValue(h.value() == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(h.value())));
        }
        out.add(b.build());
      }
    }
    return out;
  }

  static CompressionType compression(Compression c) {
    return switch (c) {
      case COMPRESSION_GZIP -> CompressionType.GZIP;
      case COMPRESSION_SNAPPY -> CompressionType.SNAPPY;
      case COMPRESSION_LZ4 -> CompressionType.LZ4;
      case COMPRESSION_ZSTD -> CompressionType.ZSTD;
      default -> CompressionType.NONE;
    };
  }
}
