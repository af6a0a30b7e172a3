package io.strand.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors computed by hand from the RecordBatch v2 layout; the CRC-32C values were computed with an
 * independent bit-by-bit implementation (polynomial 0x82F63B78), not with the JDK class under test.
 */
class RecordBatchCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final String ONE_RECORD =
      "0000000000000000" // base offset 0
          + "0000003a" // batch length 58
          + "ffffffff" // partition leader epoch -1
          + "02" // magic
          + "716a6189" // CRC-32C
          + "0000" // attributes: no codec, create time
          + "00000000" // last offset delta 0
          + "00000000000003e8" // base timestamp 1000
          + "00000000000003e8" // max timestamp 1000
          + "ffffffffffffffff" // producer id -1
          + "ffff" // producer epoch -1
          + "ffffffff" // base sequence -1
          + "00000001" // one record
          + "10" + "00" + "00" + "00" + "02" + "6b" + "02" + "76" + "00"; // len 8, attrs, ts, off, "k", "v", 0 hdrs

  private static final String TWO_RECORDS =
      "0000000000000000"
          + "00000047" // 71
          + "ffffffff"
          + "02"
          + "ddb233f0"
          + "0000"
          + "00000001"
          + "00000000000003e8"
          + "00000000000003ed" // max timestamp 1005
          + "0000000000000007" // producer id 7
          + "0003" // epoch 3
          + "0000002a" // base sequence 42
          + "00000002"
          + "10000000026b027600"
          + "18" + "00" + "0a" + "02" + "01" + "04" + "6162" + "02" + "02" + "68" + "02" + "78";

  @Test
  void encodesOneRecordBatchToHandComputedBytes() {
    ByteBuffer batch = new RecordBatchBuilder(CompressionType.NONE)
        .append(1000, bytes("k"), bytes("v"), List.of())
        .build();
    assertThat(HEX.formatHex(toArray(batch))).isEqualTo(ONE_RECORD);
  }

  @Test
  void encodesNullKeyHeadersAndProducerFieldsToHandComputedBytes() {
    ByteBuffer batch = new RecordBatchBuilder(CompressionType.NONE)
        .producer(7, (short) 3, 42)
        .append(1000, bytes("k"), bytes("v"), null)
        .append(1005, null, bytes("ab"), List.of(new Header("h", bytes("x"))))
        .build();
    assertThat(HEX.formatHex(toArray(batch))).isEqualTo(TWO_RECORDS);
  }

  @Test
  void decodesHandComputedBytes() {
    RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(HEX.parseHex(TWO_RECORDS)));
    batch.ensureValid();
    assertThat(batch.sizeInBytes()).isEqualTo(83);
    assertThat(batch.producerId()).isEqualTo(7);
    assertThat(batch.producerEpoch()).isEqualTo((short) 3);
    assertThat(batch.baseSequence()).isEqualTo(42);
    assertThat(batch.lastSequence()).isEqualTo(43);
    assertThat(batch.maxTimestamp()).isEqualTo(1005);
    assertThat(batch.records()).containsExactly(
        new Record(0, 1000, bytes("k"), bytes("v"), List.of()),
        new Record(1, 1005, null, bytes("ab"), List.of(new Header("h", bytes("x")))));
  }

  @Test
  void patchingBaseOffsetAndLeaderEpochKeepsTheCrcValid() {
    RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(HEX.parseHex(TWO_RECORDS)));
    batch.setBaseOffset(1_000_000L);
    batch.setPartitionLeaderEpoch(9);
    batch.ensureValid();
    assertThat(batch.baseOffset()).isEqualTo(1_000_000L);
    assertThat(batch.lastOffset()).isEqualTo(1_000_001L);
    assertThat(batch.partitionLeaderEpoch()).isEqualTo(9);
    assertThat(batch.records()).extracting(Record::offset).containsExactly(1_000_000L, 1_000_001L);
  }

  @Test
  void flippedByteInCrcCoveredRegionIsDetected() {
    byte[] bytes = HEX.parseHex(ONE_RECORD);
    bytes[bytes.length - 2] ^= 0x01;
    RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(bytes));
    assertThat(batch.isChecksumValid()).isFalse();
    assertThatThrownBy(batch::ensureValid).isInstanceOf(CorruptRecordException.class).hasMessageContaining("CRC");
  }

  @Test
  void truncatedBatchIsDetectedAtEveryLength() {
    byte[] bytes = HEX.parseHex(ONE_RECORD);
    for (int len = RecordBatch.LOG_OVERHEAD; len < bytes.length; len++) {
      RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(bytes, 0, len));
      assertThatThrownBy(batch::ensureValid).as("length %d", len).isInstanceOf(CorruptRecordException.class);
    }
  }

  @Test
  void badMagicAndInconsistentCountAreRejected() {
    byte[] magic = HEX.parseHex(ONE_RECORD);
    magic[16] = 1;
    assertThatThrownBy(() -> RecordBatch.wrap(ByteBuffer.wrap(magic)).ensureValid())
        .hasMessageContaining("magic is 1");

    ByteBuffer count = ByteBuffer.wrap(HEX.parseHex(ONE_RECORD));
    count.putInt(57, 2);
    count.putInt(17, (int) RecordBatch.computeChecksum(count));
    assertThatThrownBy(() -> RecordBatch.wrap(count).ensureValid()).hasMessageContaining("holds 2 records");
  }

  @Test
  void malformedRecordBodyIsReportedNotMisread() {
    ByteBuffer buf = ByteBuffer.wrap(HEX.parseHex(ONE_RECORD));
    buf.put(61, (byte) 0x7e); // record length 63: longer than the batch
    buf.putInt(17, (int) RecordBatch.computeChecksum(buf));
    RecordBatch batch = RecordBatch.wrap(buf);
    batch.ensureValid();
    assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("record length 63");
  }

  @Test
  void iteratesConcatenatedBatchesAndStopsBeforeAPartialOne() {
    byte[] one = HEX.parseHex(ONE_RECORD);
    byte[] two = HEX.parseHex(TWO_RECORDS);
    ByteBuffer all = ByteBuffer.allocate(one.length + two.length + 20);
    all.put(one).put(two).put(one, 0, 20).flip();
    List<Integer> sizes = new java.util.ArrayList<>();
    for (RecordBatch b : RecordBatches.iterate(all)) {
      sizes.add(b.sizeInBytes());
    }
    assertThat(sizes).containsExactly(70, 83);
    assertThat(all.position()).isZero();
    assertThat(RecordBatches.peekSize(all)).isEqualTo(70);
  }

  @Test
  void sequenceWrapsLikeKafka() {
    ByteBuffer batch = new RecordBatchBuilder(CompressionType.NONE)
        .producer(1, (short) 0, Integer.MAX_VALUE)
        .append(1, null, bytes("a"), null)
        .append(1, null, bytes("b"), null)
        .build();
    assertThat(RecordBatch.wrap(batch).lastSequence()).isZero();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
