package io.strand.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.strand.api.v1.Compression;
import io.strand.api.v1.Record;
import io.strand.api.v1.RecordHeader;
import io.strand.api.v1.StructuredBatch;
import io.strand.record.CompressionType;
import io.strand.record.CorruptRecordException;
import io.strand.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordConversionTest {

  @Test
  void structuredRecordsRoundTripIncludingNullKeysTombstonesAndHeaders() {
    StructuredBatch batch = StructuredBatch.newBuilder().setCompression(Compression.COMPRESSION_ZSTD)
        .setProducerId(7).setProducerEpoch(2).setBaseSequence(40)
        .addRecords(Record.newBuilder().setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))
            .setTimestampMs(123).addHeaders(RecordHeader.newBuilder().setKey("h").setValue(ByteString.copyFromUtf8("x"))))
        .addRecords(Record.newBuilder().setValue(ByteString.EMPTY))
        .addRecords(Record.newBuilder().setKey(ByteString.copyFromUtf8("gone")))
        .build();

    ByteBuffer encoded = RecordConversion.encode(batch, 999);
    RecordBatch raw = RecordBatch.wrap(encoded.duplicate());
    raw.ensureValid();
    List<Record> decoded = RecordConversion.decode(encoded, 1);

    assertThat(raw.compression()).isEqualTo(CompressionType.ZSTD);
    assertThat(raw.producerId()).isEqualTo(7);
    assertThat(raw.baseSequence()).isEqualTo(40);
    assertThat(decoded).hasSize(2);
    assertThat(decoded.get(0).hasKey()).isFalse();
    assertThat(decoded.get(0).hasValue()).isTrue();
    assertThat(decoded.get(0).getTimestampMs()).isEqualTo(999);
    assertThat(decoded.get(1).getKey().toStringUtf8()).isEqualTo("gone");
    assertThat(decoded.get(1).hasValue()).isFalse();
    assertThat(RecordConversion.decode(encoded, 0).get(0).getHeaders(0).getKey()).isEqualTo("h");
  }

  @Test
  void unsetProducerIdMeansNotIdempotent() {
    ByteBuffer encoded = RecordConversion.encode(StructuredBatch.newBuilder().addRecords(Record.newBuilder())
        .build(), 1);

    assertThat(RecordBatch.wrap(encoded).producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
  }

  @Test
  void emptyStructuredBatchIsInvalid() {
    assertThatThrownBy(() -> RecordConversion.encode(StructuredBatch.getDefaultInstance(), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no records");
  }

  @Test
  void rawBatchMustBeExactlyOneValidBatch() {
    ByteBuffer one = RecordConversion.encode(StructuredBatch.newBuilder().addRecords(Record.newBuilder()).build(), 1);
    byte[] bytes = new byte[one.remaining()];
    one.duplicate().get(bytes);

    assertThat(RecordConversion.checkRawBatch(ByteString.copyFrom(bytes)).remaining()).isEqualTo(bytes.length);
    assertThatThrownBy(() -> RecordConversion.checkRawBatch(ByteString.copyFrom(bytes).concat(ByteString.copyFrom(bytes))))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("exactly one batch");
    bytes[bytes.length - 1] ^= 1;
    assertThatThrownBy(() -> RecordConversion.checkRawBatch(ByteString.copyFrom(bytes)))
        .isInstanceOf(CorruptRecordException.class);
    assertThatThrownBy(() -> RecordConversion.checkRawBatch(ByteString.copyFrom(new byte[5])))
        .isInstanceOf(CorruptRecordException.class);
  }
}
