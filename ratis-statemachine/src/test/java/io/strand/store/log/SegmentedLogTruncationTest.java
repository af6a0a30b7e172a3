package io.strand.store.log;

import static io.strand.store.log.TestBatches.batch;
import static io.strand.store.log.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.record.Record;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTruncationTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(0);
  private final LogConfig config = LogConfig.builder().segmentBytes(3 * batch(0, 2, 40).remaining())
      .indexIntervalBytes(0).build();

  /** 12 batches of 2 records: offsets 0..23, segments at 0, 6, 12, 18. */
  private SegmentedLog twelveBatches() {
    SegmentedLog log = SegmentedLog.open(dir, config, clock);
    for (int i = 0; i < 12; i++) {
      log.append(batch(100L * i, 2, 40));
    }
    assertThat(log.segmentBaseOffsets()).containsExactly(0L, 6L, 12L, 18L);
    return log;
  }

  @Test
  void truncateToABatchBoundaryInsideASegment() {
    try (SegmentedLog log = twelveBatches()) {
      log.flush();
      log.truncateTo(10);
      assertThat(log.logEndOffset()).isEqualTo(10);
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 6L);
      assertThat(log.recoveryPoint()).isEqualTo(10);
      assertThat(records(log.read(8, 1000))).extracting(Record::offset).containsExactly(8L, 9L);
      assertThat(log.offsetForTimestamp(450)).isEmpty();
      assertThat(log.offsetForTimestamp(400)).contains(new TimestampOffset(400, 8));
      assertThat(log.append(batch(7, 1, 1)).baseOffset()).isEqualTo(10);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.logEndOffset()).isEqualTo(11);
    }
  }

  @Test
  void truncateInsideABatchDropsTheWholeBatch() {
    try (SegmentedLog log = twelveBatches()) {
      log.truncateTo(15);
      assertThat(log.logEndOffset()).isEqualTo(14);
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 6L, 12L);
    }
  }

  @Test
  void truncateToASegmentBaseLeavesThatSegmentEmptyAndActive() {
    try (SegmentedLog log = twelveBatches()) {
      log.truncateTo(12);
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 6L, 12L);
      assertThat(log.logEndOffset()).isEqualTo(12);
      assertThat(log.read(12, 100).isEmpty()).isTrue();
      log.append(batch(0, 1, 1));
      assertThat(log.read(12, 100).firstBatchBaseOffset()).isEqualTo(12);
    }
  }

  @Test
  void truncateAtOrBeyondTheEndDoesNothing() {
    try (SegmentedLog log = twelveBatches()) {
      log.truncateTo(24);
      log.truncateTo(1000);
      assertThat(log.logEndOffset()).isEqualTo(24);
      assertThatThrownBy(() -> log.truncateTo(-1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void truncateBelowTheLogStartEmptiesTheLog() {
    try (SegmentedLog log = twelveBatches()) {
      log.deleteRecordsBefore(8);
      log.truncateTo(3);
      assertThat(log.logStartOffset()).isEqualTo(3);
      assertThat(log.logEndOffset()).isEqualTo(3);
      assertThat(log.segmentBaseOffsets()).containsExactly(3L);
    }
  }

  @Test
  void truncateFullyAndStartAtMovesTheLogAnywhere() {
    try (SegmentedLog log = twelveBatches()) {
      log.truncateFullyAndStartAt(1_000_000);
      assertThat(log.logStartOffset()).isEqualTo(1_000_000);
      assertThat(log.logEndOffset()).isEqualTo(1_000_000);
      assertThat(log.segmentBaseOffsets()).containsExactly(1_000_000L);
      assertThat(log.sizeInBytes()).isZero();
      assertThat(log.append(batch(0, 2, 1)).baseOffset()).isEqualTo(1_000_000);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.logStartOffset()).isEqualTo(1_000_000);
      assertThat(log.logEndOffset()).isEqualTo(1_000_002);
      assertThat(log.recoveryReport().isClean()).isTrue();
    }
  }

  @Test
  void truncatedTailIsNotResurrectedByRecovery() {
    try (SegmentedLog log = twelveBatches()) {
      log.flush();
      log.truncateTo(4);
      log.append(batch(0, 1, 300));
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      assertThat(log.logEndOffset()).isEqualTo(5);
      // the 300-byte batch rolled a new segment at 4; the old segments 6, 12 and 18 stay gone
      assertThat(log.segmentBaseOffsets()).containsExactly(0L, 4L);
      assertThat(records(log.read(4, 1000))).extracting(Record::offset).containsExactly(4L);
    }
  }
}
