package io.strand.store.log;

import static io.strand.store.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.store.error.OffsetOutOfRangeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogRetentionTest {
  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(100 * HOUR);

  /** Four segments of 2 batches x 2 records; batch timestamps are {@code tsOfSegment(i)}. */
  private SegmentedLog fourSegments(LogConfig base) {
    int size = batch(0, 2, 50).remaining();
    SegmentedLog log = SegmentedLog.open(dir, base.toBuilder().segmentBytes(2 * size).build(), clock);
    for (int s = 0; s < 4; s++) {
      log.append(batch(s * HOUR, 2, 50));
      log.append(batch(s * HOUR, 2, 50));
    }
    assertThat(log.segmentBaseOffsets()).containsExactly(0L, 4L, 8L, 12L);
    return log;
  }

  @Test
  void timeRetentionDeletesSegmentsWhoseNewestRecordIsTooOld() {
    try (SegmentedLog log = fourSegments(LogConfig.builder().retentionMs(2 * HOUR).build())) {
      // segment i's newest timestamp is i hours + 1 ms; at 4h + 1ms the cut-off is 2h + 1ms: segments 0 and 1
      // are older, segment 2 is exactly at it and stays
      assertThat(log.applyRetention(4 * HOUR + 1)).isEqualTo(2);
      assertThat(log.segmentBaseOffsets()).containsExactly(8L, 12L);
      assertThat(log.logStartOffset()).isEqualTo(8);
      assertThat(log.applyRetention(4 * HOUR + 1)).isZero();
      assertThat(log.applyRetention(4 * HOUR + 2)).isOne();
    }
  }

  @Test
  void timeRetentionNeverDeletesTheActiveSegment() {
    try (SegmentedLog log = fourSegments(LogConfig.builder().retentionMs(HOUR).build())) {
      assertThat(log.applyRetention(1000 * HOUR)).isEqualTo(3);
      assertThat(log.segmentBaseOffsets()).containsExactly(12L);
      assertThat(log.logStartOffset()).isEqualTo(12);
      assertThat(log.logEndOffset()).isEqualTo(16);
      assertThat(TestBatches.records(log.read(12, 1000))).hasSize(4);
    }
  }

  @Test
  void infiniteRetentionKeepsEverything() {
    try (SegmentedLog log = fourSegments(LogConfig.builder().retentionMs(-1).build())) {
      assertThat(log.applyRetention(Long.MAX_VALUE)).isZero();
    }
  }

  @Test
  void retentionUsesTheClockByDefault() {
    try (SegmentedLog log = fourSegments(LogConfig.builder().retentionMs(98 * HOUR).build())) {
      // now = 100h, cut-off 2h: only segments 0 and 1 (newest 1ms and 1h+1ms) are older
      assertThat(log.applyRetention()).isEqualTo(2);
    }
  }

  @Test
  void sizeRetentionDeletesOldestSegmentsWhileTheLogStaysAboveTheLimit() {
    int segment = 2 * batch(0, 2, 50).remaining();
    try (SegmentedLog log = fourSegments(LogConfig.builder().retentionMs(-1).retentionBytes(2L * segment).build())) {
      assertThat(log.sizeInBytes()).isEqualTo(4L * segment);
      assertThat(log.applyRetention()).isEqualTo(2);
      assertThat(log.sizeInBytes()).isEqualTo(2L * segment);
      assertThat(log.logStartOffset()).isEqualTo(8);
    }
  }

  @Test
  void sizeRetentionKeepsASegmentIfDeletingItWouldGoBelowTheLimit() {
    int segment = 2 * batch(0, 2, 50).remaining();
    try (SegmentedLog log = fourSegments(LogConfig.builder().retentionMs(-1).retentionBytes(2L * segment + 1)
        .build())) {
      assertThat(log.applyRetention()).isEqualTo(1);
      assertThat(log.segmentBaseOffsets()).containsExactly(4L, 8L, 12L);
    }
  }

  @Test
  void retentionSurvivesReopen() {
    LogConfig config = LogConfig.builder().retentionMs(-1).retentionBytes(0).build();
    try (SegmentedLog log = fourSegments(config)) {
      assertThat(log.applyRetention()).isEqualTo(3);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.logStartOffset()).isEqualTo(12);
      assertThat(log.segmentBaseOffsets()).containsExactly(12L);
    }
  }

  @Test
  void deleteRecordsBeforeAdvancesTheStartAndDeletesWholeSegmentsBelowIt() {
    try (SegmentedLog log = fourSegments(LogConfig.DEFAULT)) {
      assertThat(log.deleteRecordsBefore(3)).isEqualTo(3);
      assertThat(log.segmentCount()).isEqualTo(4);
      assertThat(log.deleteRecordsBefore(2)).isEqualTo(3);
      assertThat(log.deleteRecordsBefore(9)).isEqualTo(9);
      assertThat(log.segmentBaseOffsets()).containsExactly(8L, 12L);
      assertThatThrownBy(() -> log.read(8, 100)).isInstanceOf(OffsetOutOfRangeException.class);
      assertThat(log.read(9, 1).firstBatchBaseOffset()).isEqualTo(8);
      assertThatThrownBy(() -> log.deleteRecordsBefore(17)).isInstanceOf(OffsetOutOfRangeException.class);
      // up to the log end: the active segment stays, empty of readable records
      assertThat(log.deleteRecordsBefore(16)).isEqualTo(16);
      assertThat(log.segmentBaseOffsets()).containsExactly(12L);
      assertThat(log.read(16, 100).isEmpty()).isTrue();
      assertThat(log.offsetForTimestamp(0)).isEmpty();
      assertThat(log.append(batch(0, 1, 1)).baseOffset()).isEqualTo(16);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.DEFAULT, clock)) {
      assertThat(log.logStartOffset()).isEqualTo(16);
      assertThat(log.logEndOffset()).isEqualTo(17);
    }
  }

  @Test
  void logStartOffsetIsCheckpointedWithoutAFlush() {
    try (SegmentedLog log = fourSegments(LogConfig.DEFAULT)) {
      log.deleteRecordsBefore(5);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.DEFAULT, clock)) {
      assertThat(log.logStartOffset()).isEqualTo(5);
      assertThat(log.segmentBaseOffsets()).containsExactly(4L, 8L, 12L);
    }
  }
}
