package io.strand.store.log;

import static io.strand.store.log.TestBatches.batch;
import static io.strand.store.log.TestBatches.batches;
import static io.strand.store.log.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.api.v1.ErrorCode;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.store.error.CorruptBatchException;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.error.RecordTooLargeException;
import io.strand.store.error.StoreException;
import io.strand.store.error.UnexpectedAppendOffsetException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogAppendReadTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(1_700_000_000_000L);

  private SegmentedLog open(LogConfig config) {
    return SegmentedLog.open(dir, config, clock);
  }

  @Test
  void newLogIsEmptyAtOffsetZero() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      assertThat(log.logStartOffset()).isZero();
      assertThat(log.logEndOffset()).isZero();
      assertThat(log.segmentCount()).isOne();
      assertThat(log.read(0, 1000).isEmpty()).isTrue();
      assertThat(log.offsetForTimestamp(0)).isEmpty();
      assertThat(dir.resolve("00000000000000000000.log")).exists();
      assertThat(dir.resolve("00000000000000000000.index")).exists();
      assertThat(dir.resolve("00000000000000000000.timeindex")).exists();
    }
  }

  @Test
  void appendAssignsConsecutiveOffsetsAndPatchesTheBuffer() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      ByteBuffer first = batch(100, 2, 10);
      LogAppendInfo a = log.append(first);
      LogAppendInfo b = log.append(batch(200, 3, 10));
      LogAppendInfo c = log.append(batch(300, 1, 10));
      assertThat(a).isEqualTo(new LogAppendInfo(0, 1, 101, first.remaining()));
      assertThat(b.baseOffset()).isEqualTo(2);
      assertThat(b.lastOffset()).isEqualTo(4);
      assertThat(b.maxTimestamp()).isEqualTo(202);
      assertThat(c.baseOffset()).isEqualTo(5);
      assertThat(log.logEndOffset()).isEqualTo(6);
      ByteBuffer patched = batch(400, 1, 10);
      log.append(patched);
      assertThat(patched.position()).isZero();
      assertThat(RecordBatch.wrap(patched).baseOffset()).isEqualTo(6);
    }
  }

  @Test
  void readOnlyBuffersAreCopied() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      log.append(batch(1, 1, 1));
      ByteBuffer readOnly = batch(2, 1, 1).asReadOnlyBuffer();
      assertThat(log.append(readOnly).baseOffset()).isEqualTo(1);
      assertThat(RecordBatch.wrap(readOnly).baseOffset()).isZero();
      assertThat(records(log.read(1, 100))).extracting(Record::offset).containsExactly(1L);
    }
  }

  @Test
  void readsEveryOffsetAcrossManySegments() {
    LogConfig config = LogConfig.builder().segmentBytes(2048).indexIntervalBytes(300).build();
    Random random = new Random(7);
    TreeMap<Long, Record> expected = new TreeMap<>();
    try (SegmentedLog log = open(config)) {
      for (int i = 0; i < 300; i++) {
        ByteBuffer b = batch(1000L * i, 1 + random.nextInt(4), 10 + random.nextInt(150));
        LogAppendInfo info = log.append(b);
        for (Record r : RecordBatch.wrap(b).records()) {
          expected.put(r.offset(), r);
        }
        assertThat(info.lastOffset()).isEqualTo(expected.lastKey());
      }
      assertThat(log.segmentCount()).isGreaterThan(20);
      assertEveryOffsetReadable(log, expected);
    }
    try (SegmentedLog reopened = open(config)) {
      assertThat(reopened.recoveryReport().isClean()).isTrue();
      assertThat(reopened.recoveryReport().segmentsScanned()).isZero();
      assertEveryOffsetReadable(reopened, expected);
    }
  }

  static void assertEveryOffsetReadable(SegmentedLog log, TreeMap<Long, Record> expected) {
    assertThat(log.logEndOffset()).isEqualTo(expected.lastKey() + 1);
    for (long offset = log.logStartOffset(); offset < log.logEndOffset(); offset++) {
      LogReadResult one = log.read(offset, 1);
      List<RecordBatch> single = batches(one);
      assertThat(single).as("read(%d, 1)", offset).hasSize(1);
      assertThat(single.get(0).baseOffset()).isLessThanOrEqualTo(offset);
      assertThat(single.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
      assertThat(one.firstBatchBaseOffset()).isEqualTo(single.get(0).baseOffset());
      assertThat(one.nextOffset()).isEqualTo(single.get(0).lastOffset() + 1);

      LogReadResult many = log.read(offset, 64 * 1024);
      List<Record> got = records(many);
      assertThat(got.get(0).offset()).isLessThanOrEqualTo(offset);
      for (Record r : got) {
        assertThat(r).isEqualTo(expected.get(r.offset()));
      }
      assertThat(got.get(got.size() - 1).offset() + 1).isEqualTo(many.nextOffset());
    }
    assertThat(log.read(log.logEndOffset(), 100).isEmpty()).isTrue();
  }

  @Test
  void readHonoursMaxBytesOnBatchBoundariesButReturnsAtLeastOneBatch() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      int size = log.append(batch(0, 1, 100)).sizeInBytes();
      for (int i = 1; i < 10; i++) {
        log.append(batch(i, 1, 100));
      }
      assertThat(batches(log.read(0, 0))).hasSize(1);
      assertThat(batches(log.read(0, size - 1))).hasSize(1);
      assertThat(batches(log.read(0, size))).hasSize(1);
      assertThat(batches(log.read(0, 2 * size - 1))).hasSize(1);
      assertThat(batches(log.read(0, 2 * size))).hasSize(2);
      LogReadResult three = log.read(4, 3 * size + 5);
      assertThat(batches(three)).extracting(RecordBatch::baseOffset).containsExactly(4L, 5L, 6L);
      assertThat(three.nextOffset()).isEqualTo(7);
      assertThat(batches(log.read(0, Integer.MAX_VALUE))).hasSize(10);
      assertThatThrownBy(() -> log.read(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void readOutsideTheLogIsOutOfRange() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      log.append(batch(0, 5, 10));
      log.append(batch(0, 5, 10));
      log.deleteRecordsBefore(3);
      assertThatThrownBy(() -> log.read(2, 100))
          .isInstanceOfSatisfying(OffsetOutOfRangeException.class, e -> {
            assertThat(e.logStartOffset()).isEqualTo(3);
            assertThat(e.logEndOffset()).isEqualTo(10);
            assertThat(e.errorCode()).isEqualTo(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE);
          });
      assertThatThrownBy(() -> log.read(11, 100)).isInstanceOf(OffsetOutOfRangeException.class);
      assertThat(log.read(10, 100).isEmpty()).isTrue();
      assertThat(log.read(10, 100).nextOffset()).isEqualTo(10);
      // the batch containing the log start offset starts before it
      assertThat(log.read(3, 100).firstBatchBaseOffset()).isZero();
    }
  }

  @Test
  void rejectedAppendsLeaveTheLogUntouched() throws Exception {
    LogConfig config = LogConfig.builder().maxMessageBytes(400).indexIntervalBytes(0).build();
    try (SegmentedLog log = open(config)) {
      for (int i = 0; i < 5; i++) {
        log.append(batch(i, 2, 20));
      }
      log.flush();
      Map<String, byte[]> before = snapshotFiles();

      assertRejected(log, CorruptBatchException.class, ErrorCode.ERROR_CODE_CORRUPT_BATCH,
          b -> b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1)));
      assertRejected(log, CorruptBatchException.class, ErrorCode.ERROR_CODE_CORRUPT_BATCH, b -> b.put(16, (byte) 1));
      assertRejected(log, CorruptBatchException.class, ErrorCode.ERROR_CODE_CORRUPT_BATCH, b -> {
        b.putInt(57, 3); // record count no longer matches last offset delta; CRC recomputed so only that is wrong
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(21));
        b.putInt(17, (int) crc.getValue());
      });
      assertRejected(log, CorruptBatchException.class, ErrorCode.ERROR_CODE_CORRUPT_BATCH,
          b -> b.putInt(8, b.getInt(8) + 1));
      assertRejected(log, RecordTooLargeException.class, ErrorCode.ERROR_CODE_RECORD_TOO_LARGE, null);
      assertThatThrownBy(() -> log.append(ByteBuffer.allocate(0))).isInstanceOf(CorruptBatchException.class);
      assertThatThrownBy(() -> log.append(batch(0, 1, 10).limit(40))).isInstanceOf(CorruptBatchException.class);
      ByteBuffer two = ByteBuffer.allocate(200);
      two.put(batch(0, 1, 10)).put(batch(1, 1, 10)).flip();
      assertThatThrownBy(() -> log.append(two)).isInstanceOf(CorruptBatchException.class)
          .hasMessageContaining("exactly one");

      assertThat(log.logEndOffset()).isEqualTo(10);
      log.flush();
      Map<String, byte[]> after = snapshotFiles();
      assertThat(after.keySet()).isEqualTo(before.keySet());
      before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
      assertThat(log.append(batch(9, 1, 10)).baseOffset()).isEqualTo(10);
    }
  }

  private static void assertRejected(SegmentedLog log, Class<? extends StoreException> type, ErrorCode code,
      Consumer<ByteBuffer> damage) {
    ByteBuffer b = damage == null ? batch(0, 10, 100) : batch(0, 2, 20);
    if (damage != null) {
      damage.accept(b);
    }
    assertThatThrownBy(() -> log.append(b)).isInstanceOfSatisfying(type,
        e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  private Map<String, byte[]> snapshotFiles() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  @Test
  void appendWithOffsetsKeepsTheBatchOffsets() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      ByteBuffer b = batch(0, 3, 10);
      RecordBatch.wrap(b).setBaseOffset(0);
      assertThat(log.appendWithOffsets(b).lastOffset()).isEqualTo(2);
      ByteBuffer wrong = batch(0, 1, 10);
      RecordBatch.wrap(wrong).setBaseOffset(7);
      assertThatThrownBy(() -> log.appendWithOffsets(wrong))
          .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class, e -> {
            assertThat(e.expectedOffset()).isEqualTo(3);
            assertThat(e.actualOffset()).isEqualTo(7);
          });
      RecordBatch.wrap(wrong).setBaseOffset(3);
      assertThat(log.appendWithOffsets(wrong).baseOffset()).isEqualTo(3);
      assertThat(log.logEndOffset()).isEqualTo(4);
    }
  }

  @Test
  void compressedBatchesAreStoredAsIs() {
    try (SegmentedLog log = open(LogConfig.DEFAULT)) {
      var builder = new io.strand.record.RecordBatchBuilder(io.strand.record.CompressionType.GZIP);
      List<byte[]> values = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        values.add(("value-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        builder.append(i, null, values.get(i), null);
      }
      log.append(batch(0, 1, 1));
      log.append(builder.build());
      List<Record> read = records(log.read(20, 1 << 20));
      assertThat(read).hasSize(50);
      assertThat(read.get(0).offset()).isEqualTo(1);
      assertThat(read.get(49).offset()).isEqualTo(50);
      assertThat(read.get(49).value()).isEqualTo(values.get(49));
    }
  }

  @Test
  void closedLogRejectsUse() {
    SegmentedLog log = open(LogConfig.DEFAULT);
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(batch(0, 1, 1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.read(0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deleteRemovesTheDirectory() {
    SegmentedLog log = open(LogConfig.DEFAULT);
    log.append(batch(0, 1, 1));
    log.delete();
    assertThat(dir).doesNotExist();
  }
}
