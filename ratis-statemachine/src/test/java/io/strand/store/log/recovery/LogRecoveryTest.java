package io.strand.store.log.recovery;

import static io.strand.store.log.TestBatches.batch;
import static io.strand.store.log.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.store.log.LogCheckpoint;
import io.strand.store.log.LogConfig;
import io.strand.store.log.MutableClock;
import io.strand.store.log.SegmentFiles;
import io.strand.store.log.SegmentedLog;
import io.strand.store.log.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRecoveryTest {
  private static final int BATCHES = 10;

  @TempDir Path root;
  private Path dir;
  private final MutableClock clock = new MutableClock(1_000_000L);
  private final LogConfig config = LogConfig.builder().segmentBytes(4 * batch(0, 2, 40).remaining())
      .indexIntervalBytes(100).build();
  /** Every record written by {@link #writeLog()}, by offset. */
  private final TreeMap<Long, Record> written = new TreeMap<>();
  private final List<Long> batchBaseOffsets = new ArrayList<>();

  @BeforeEach
  void setUp() {
    dir = root.resolve("topic-0");
  }

  /** Ten batches of two records in three segments (0, 8, 16), closed cleanly. */
  private void writeLog() {
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (int i = 0; i < BATCHES; i++) {
        ByteBuffer b = batch(1000L * i, 2, 40);
        batchBaseOffsets.add(log.append(b).baseOffset());
        RecordBatch.wrap(b).records().forEach(r -> written.put(r.offset(), r));
      }
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 8L, 16L);
    }
  }

  private Path logFile(long base) {
    return SegmentFiles.logFile(dir, base);
  }

  /** Opens the log and checks that it holds exactly the written records below {@code end}. */
  private SegmentedLog openAndVerify(long end) {
    SegmentedLog log = SegmentedLog.open(dir, config, clock);
    assertThat(log.logEndOffset()).isEqualTo(end);
    for (long offset = 0; offset < end; offset++) {
      for (Record r : records(log.read(offset, 1))) {
        assertThat(r).isEqualTo(written.get(r.offset()));
      }
    }
    return log;
  }

  @Test
  void cleanReopenScansNothing() {
    writeLog();
    try (SegmentedLog log = openAndVerify(20)) {
      RecoveryReport report = log.recoveryReport();
      assertThat(report.isClean()).isTrue();
      assertThat(report.segmentsScanned()).isZero();
      assertThat(report.checkpointRecoveryPoint()).isEqualTo(20);
      assertThat(report.segmentsLoaded()).isEqualTo(3);
    }
  }

  @Test
  void tailCutAtEveryByteOfTheLastBatchIsTruncatedToThePreviousBatch() throws IOException {
    writeLog();
    Path pristine = root.resolve("pristine");
    copyDir(dir, pristine);
    long lastBatchStart = Files.size(logFile(16)) - batch(0, 2, 40).remaining();
    int lastBatchSize = batch(0, 2, 40).remaining();
    for (int cut = 0; cut < lastBatchSize; cut++) {
      restore(pristine);
      truncate(logFile(16), lastBatchStart + cut);
      if (cut % 8 == 1) {
        Files.delete(dir.resolve(SegmentFiles.CHECKPOINT_FILE));
      } else if (cut % 2 == 1) {
        // as after a crash that happened after a flush at offset 16
        new LogCheckpoint(0, 16).write(dir);
      }
      try (SegmentedLog log = openAndVerify(18)) {
        assertThat(log.recoveryReport().bytesTruncated()).as("cut at %d", cut).isEqualTo(cut);
        assertThat(log.recoveryReport().isClean()).isFalse();
        if (cut % 16 == 0) {
          assertThat(log.append(batch(0, 1, 1)).baseOffset()).isEqualTo(18);
        }
      }
    }
  }

  @Test
  void flippedCrcByteAfterACrashTruncatesAtThatBatch() throws IOException {
    writeLog();
    new LogCheckpoint(0, 10).write(dir);
    long lastBatchStart = Files.size(logFile(16)) - batch(0, 2, 40).remaining();
    flipByte(logFile(16), lastBatchStart + 18);
    try (SegmentedLog log = openAndVerify(18)) {
      assertThat(log.recoveryReport().problems()).singleElement().asString().contains("CRC-32C mismatch");
      assertThat(log.recoveryReport().segmentsScanned()).isEqualTo(2);
    }
  }

  @Test
  void flushedSegmentsAreTrustedWithoutChecksumming() throws IOException {
    // Below the recovery point only structure is checked (as in Kafka); a flipped bit there surfaces to readers
    // that validate CRCs, not at open.
    writeLog();
    long lastBatchStart = Files.size(logFile(16)) - batch(0, 2, 40).remaining();
    flipByte(logFile(16), lastBatchStart + 18);
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.recoveryReport().segmentsScanned()).isZero();
      assertThat(log.logEndOffset()).isEqualTo(20);
    }
  }

  @Test
  void lossOfFlushedDataIsReported() throws IOException {
    writeLog();
    truncate(logFile(16), 0);
    try (SegmentedLog log = openAndVerify(16)) {
      assertThat(log.recoveryReport().problems()).anyMatch(p -> p.contains("below the checkpointed recovery point"));
    }
  }

  @Test
  void corruptBatchInTheMiddleOfTheLastSegmentDropsItAndEverythingAfter() throws IOException {
    writeLog();
    int size = batch(0, 2, 40).remaining();
    // segment 8 holds batches 8, 10, 12, 14; damage the value bytes of the batch at 10 and drop the checkpoint
    flipByte(logFile(8), size + 100);
    Files.delete(dir.resolve(SegmentFiles.CHECKPOINT_FILE));
    try (SegmentedLog log = openAndVerify(10)) {
      RecoveryReport report = log.recoveryReport();
      assertThat(report.segmentsDeleted()).isEqualTo(1);
      assertThat(report.bytesTruncated()).isEqualTo(3L * size);
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 8L);
    }
    assertThat(logFile(16)).doesNotExist();
  }

  @Test
  void zeroFilledTailIsRemovedWithoutLoss() throws IOException {
    writeLog();
    long size = Files.size(logFile(16));
    Files.write(logFile(16), new byte[8192], StandardOpenOption.APPEND);
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().bytesTruncated()).isEqualTo(8192);
      assertThat(log.recoveryReport().problems()).anyMatch(p -> p.contains("invalid batch length"));
    }
    assertThat(Files.size(logFile(16))).isEqualTo(size);
  }

  @Test
  void garbageTailIsRemovedWithoutLoss() throws IOException {
    writeLog();
    byte[] garbage = new byte[777];
    new Random(3).nextBytes(garbage);
    Files.write(logFile(16), garbage, StandardOpenOption.APPEND);
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().bytesTruncated()).isEqualTo(777);
    }
  }

  @Test
  void validBatchWithTheWrongOffsetEndsTheLog() throws IOException {
    writeLog();
    // a stale copy of an old batch after the real tail: CRC is fine, offset does not continue
    ByteBuffer stale = batch(0, 2, 40);
    RecordBatch.wrap(stale).setBaseOffset(4);
    Files.write(logFile(16), TestBytes.of(stale), StandardOpenOption.APPEND);
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().problems()).anyMatch(p -> p.contains("base offset 4, expected 20"));
    }
  }

  @Test
  void deletedOffsetIndexIsRebuiltIdentically() throws IOException {
    writeLog();
    Path index = SegmentFiles.offsetIndexFile(dir, 8);
    byte[] original = Files.readAllBytes(index);
    assertThat(original).isNotEmpty();
    Files.delete(index);
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().indexesRebuilt()).isEqualTo(1);
      assertThat(log.recoveryReport().bytesTruncated()).isZero();
    }
    assertThat(Files.readAllBytes(index)).isEqualTo(original);
  }

  @Test
  void deletedTimeIndexIsRebuilt() throws IOException {
    writeLog();
    List<Optional<TimestampOffset>> before = timestampLookups();
    Files.delete(SegmentFiles.timeIndexFile(dir, 0));
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().indexesRebuilt()).isEqualTo(1);
    }
    assertThat(timestampLookups()).isEqualTo(before);
  }

  @Test
  void garbageOffsetIndexIsRebuilt() throws IOException {
    writeLog();
    Path index = SegmentFiles.offsetIndexFile(dir, 0);
    byte[] original = Files.readAllBytes(index);
    byte[] garbage = new byte[original.length];
    new Random(5).nextBytes(garbage);
    Files.write(index, garbage);
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().indexesRebuilt()).isEqualTo(1);
    }
    assertThat(Files.readAllBytes(index)).isEqualTo(original);
  }

  @Test
  void tornOffsetIndexIsRebuilt() throws IOException {
    writeLog();
    Path index = SegmentFiles.offsetIndexFile(dir, 8);
    byte[] original = Files.readAllBytes(index);
    truncate(index, original.length - 3);
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().indexesRebuilt()).isEqualTo(1);
    }
    assertThat(Files.readAllBytes(index)).isEqualTo(original);
  }

  @Test
  void offsetIndexWithAnEarlierEntryOutOfOrderIsRebuilt() throws IOException {
    writeLog();
    Path index = SegmentFiles.offsetIndexFile(dir, 0);
    byte[] original = Files.readAllBytes(index);
    assertThat(original.length).isGreaterThanOrEqualTo(16);
    try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(8).putInt(99).putInt(1).flip(), 0);
    }
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().indexesRebuilt()).isEqualTo(1);
      assertThat(log.recoveryReport().problems()).anyMatch(p -> p.contains("entry 0"));
    }
    assertThat(Files.readAllBytes(index)).isEqualTo(original);
  }

  @Test
  void corruptTimeIndexIsRebuilt() throws IOException {
    writeLog();
    List<Optional<TimestampOffset>> before = timestampLookups();
    Path index = SegmentFiles.timeIndexFile(dir, 8);
    try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(12).putLong(Long.MAX_VALUE).putInt(0).flip(), 0);
    }
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().indexesRebuilt()).isEqualTo(1);
    }
    assertThat(timestampLookups()).isEqualTo(before);
  }

  @Test
  void missingCheckpointRescansEverySegmentWithoutLoss() throws IOException {
    writeLog();
    Files.delete(dir.resolve(SegmentFiles.CHECKPOINT_FILE));
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().segmentsScanned()).isEqualTo(3);
      assertThat(log.recoveryReport().isClean()).isTrue();
      assertThat(log.recoveryReport().checkpointRecoveryPoint()).isEqualTo(-1);
    }
    assertThat(LogCheckpoint.read(dir).checkpoint()).contains(new LogCheckpoint(0, 20));
  }

  @Test
  void corruptCheckpointIsReportedAndEverythingRescanned() throws IOException {
    writeLog();
    Files.write(dir.resolve(SegmentFiles.CHECKPOINT_FILE), new byte[] {9, 9, 9});
    try (SegmentedLog log = openAndVerify(20)) {
      assertThat(log.recoveryReport().segmentsScanned()).isEqualTo(3);
      assertThat(log.recoveryReport().problems()).hasSize(1);
    }
  }

  @Test
  void crashRescansOnlySegmentsPastTheRecoveryPoint() throws IOException {
    Path crashed = root.resolve("crashed");
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (int i = 0; i < 5; i++) {
        RecordBatch.wrap(append(log, i)).records().forEach(r -> written.put(r.offset(), r));
      }
      log.flush();
      assertThat(log.recoveryPoint()).isEqualTo(10);
      for (int i = 5; i < BATCHES; i++) {
        RecordBatch.wrap(append(log, i)).records().forEach(r -> written.put(r.offset(), r));
      }
      copyDir(dir, crashed);
    }
    dir = crashed;
    try (SegmentedLog log = openAndVerify(20)) {
      // segment 8 holds the recovery point 10, so it and segment 16 are re-scanned; segment 0 is not
      assertThat(log.recoveryReport().checkpointRecoveryPoint()).isEqualTo(10);
      assertThat(log.recoveryReport().segmentsScanned()).isEqualTo(2);
      assertThat(log.recoveryReport().isClean()).isTrue();
      assertThat(log.recoveryPoint()).isEqualTo(20);
    }
  }

  private ByteBuffer append(SegmentedLog log, int i) {
    ByteBuffer b = batch(1000L * i, 2, 40);
    log.append(b);
    return b;
  }

  @Test
  void missingMiddleSegmentEndsTheLogAtTheGap() throws IOException {
    writeLog();
    Files.delete(logFile(8));
    try (SegmentedLog log = openAndVerify(8)) {
      assertThat(log.segmentBaseOffsets()).containsExactly(0L);
      assertThat(log.recoveryReport().problems()).anyMatch(p -> p.contains("does not continue"));
    }
    assertThat(logFile(16)).doesNotExist();
    assertThat(SegmentFiles.offsetIndexFile(dir, 8)).doesNotExist();
  }

  @Test
  void leftoverTemporaryFilesAndOrphanIndexesAreDeleted() throws IOException {
    writeLog();
    Path temp = dir.resolve(SegmentFiles.CHECKPOINT_FILE + SegmentFiles.TEMP_SUFFIX);
    Files.write(temp, new byte[] {1});
    Path orphan = SegmentFiles.offsetIndexFile(dir, 999);
    Files.write(orphan, new byte[8]);
    Path unrelated = dir.resolve("README.txt");
    Files.write(unrelated, new byte[] {1});
    openAndVerify(20).close();
    assertThat(temp).doesNotExist();
    assertThat(orphan).doesNotExist();
    assertThat(unrelated).exists();
  }

  @Test
  void segmentsBelowTheCheckpointedLogStartAreDeleted() throws IOException {
    writeLog();
    new LogCheckpoint(17, 20).write(dir);
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.logStartOffset()).isEqualTo(17);
      assertThat(log.segmentBaseOffsets()).containsExactly(16L);
      assertThat(log.recoveryReport().segmentsDeleted()).isEqualTo(2);
    }
  }

  @Test
  void logStartBeyondTheRecoveredEndStartsAnEmptyLogThere() throws IOException {
    writeLog();
    new LogCheckpoint(50, 20).write(dir);
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.logStartOffset()).isEqualTo(50);
      assertThat(log.logEndOffset()).isEqualTo(50);
      assertThat(log.segmentBaseOffsets()).containsExactly(50L);
      assertThat(log.append(batch(0, 1, 1)).baseOffset()).isEqualTo(50);
    }
  }

  private List<Optional<TimestampOffset>> timestampLookups() {
    List<Optional<TimestampOffset>> results = new ArrayList<>();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (long ts = -1; ts <= 1000L * BATCHES + 2; ts += 250) {
        results.add(log.offsetForTimestamp(ts));
      }
    }
    return results;
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x5a)).position(0);
      channel.write(one, position);
    }
  }

  private void restore(Path pristine) throws IOException {
    deleteDir(dir);
    copyDir(pristine, dir);
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteDir(Path path) throws IOException {
    try (Stream<Path> files = Files.walk(path)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** Byte-array helpers. */
  private static final class TestBytes {
    static byte[] of(ByteBuffer buffer) {
      return io.strand.store.log.TestBatches.bytes(buffer);
    }
  }
}
