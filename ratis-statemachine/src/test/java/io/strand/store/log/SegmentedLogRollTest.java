package io.strand.store.log;

import static io.strand.store.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogRollTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(1_000_000L);

  @Test
  void rollsBeforeABatchWouldExceedSegmentBytes() {
    int size = batch(0, 1, 100).remaining();
    LogConfig config = LogConfig.builder().segmentBytes(3 * size).build();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (int i = 0; i < 7; i++) {
        log.append(batch(i, 1, 100));
      }
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 3L, 6L);
      assertThat(log.sizeInBytes()).isEqualTo(7L * size);
    }
  }

  @Test
  void aBatchLargerThanSegmentBytesGetsASegmentOfItsOwn() {
    LogConfig config = LogConfig.builder().segmentBytes(100).build();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      log.append(batch(0, 1, 500));
      log.append(batch(0, 1, 500));
      log.append(batch(0, 1, 10));
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void rollsOnceTheSegmentIsSegmentMsOld() {
    LogConfig config = LogConfig.builder().segmentMs(60_000).build();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      log.append(batch(clock.millis(), 1, 10));
      clock.advanceMs(59_999);
      log.append(batch(clock.millis(), 1, 10));
      assertThat(log.segmentCount()).isOne();
      clock.advanceMs(1);
      log.append(batch(clock.millis(), 1, 10));
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
      // an empty active segment never rolls by time; its age starts with its first batch
      clock.advanceMs(1_000_000);
      log.append(batch(clock.millis(), 1, 10));
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L, 3L);
      clock.advanceMs(59_999);
      log.append(batch(clock.millis(), 1, 10));
      assertThat(log.segmentCount()).isEqualTo(3);
    }
  }

  @Test
  void reopenedSegmentAgesFromItsFirstBatch() {
    LogConfig config = LogConfig.builder().segmentMs(60_000).build();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      log.append(batch(clock.millis(), 1, 10));
    }
    clock.advanceMs(60_000);
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      log.append(batch(clock.millis(), 1, 10));
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 1L);
    }
  }

  @Test
  void rollsWhenTheOffsetIndexIsFull() {
    // index every batch; 3 entries fit; the first batch of a segment is never indexed
    LogConfig config = LogConfig.builder().indexIntervalBytes(0).maxIndexSizeBytes(3 * OffsetIndex.ENTRY_SIZE)
        .build();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (int i = 0; i < 9; i++) {
        log.append(batch(5, 1, 10));
      }
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 4L, 8L);
    }
  }

  @Test
  void rollsWhenTheTimeIndexIsFull() {
    // 24 bytes: three offset entries but only two time entries
    LogConfig config = LogConfig.builder().indexIntervalBytes(0).maxIndexSizeBytes(2 * TimeIndex.ENTRY_SIZE)
        .build();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (int i = 0; i < 6; i++) {
        log.append(batch(100L * i, 1, 10));
      }
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 3L);
    }
  }

  @Test
  void explicitRollStartsASegmentAtTheLogEndButNeverAnEmptyOne() {
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.DEFAULT, clock)) {
      log.roll();
      assertThat(log.segmentCount()).isOne();
      log.append(batch(0, 4, 10));
      log.roll();
      log.roll();
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 4L);
      log.append(batch(0, 1, 10));
      assertThat(log.read(4, 100).firstBatchBaseOffset()).isEqualTo(4);
      assertThat(log.read(3, 1000).nextOffset()).isEqualTo(4);
    }
  }
}
