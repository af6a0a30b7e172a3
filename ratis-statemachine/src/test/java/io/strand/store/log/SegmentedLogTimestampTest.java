package io.strand.store.log;

import static io.strand.store.log.TestBatches.batchWithTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTimestampTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(0);

  @Test
  void findsTheFirstOffsetAtOrAfterATimestamp() {
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.DEFAULT, clock)) {
      log.append(batchWithTimestamps(10, 20, 30));
      log.append(batchWithTimestamps(40, 50));
      assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(10, 0));
      assertThat(log.offsetForTimestamp(10)).contains(new TimestampOffset(10, 0));
      assertThat(log.offsetForTimestamp(11)).contains(new TimestampOffset(20, 1));
      assertThat(log.offsetForTimestamp(31)).contains(new TimestampOffset(40, 3));
      assertThat(log.offsetForTimestamp(50)).contains(new TimestampOffset(50, 4));
      assertThat(log.offsetForTimestamp(51)).isEmpty();
    }
  }

  @Test
  void handlesOutOfOrderTimestampsAcrossSegmentsLikeALinearScan() {
    LogConfig config = LogConfig.builder().segmentBytes(600).indexIntervalBytes(150).build();
    Random random = new Random(11);
    List<long[]> all = new ArrayList<>();
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      for (int i = 0; i < 120; i++) {
        long[] ts = new long[1 + random.nextInt(3)];
        for (int j = 0; j < ts.length; j++) {
          ts[j] = i * 10L + random.nextInt(60) - 30;
        }
        log.append(batchWithTimestamps(ts));
        all.add(ts);
      }
      assertThat(log.segmentCount()).isGreaterThan(10);
      List<Long> timestamps = new ArrayList<>();
      all.forEach(ts -> {
        for (long t : ts) {
          timestamps.add(t);
        }
      });
      for (long target = -40; target <= 1250; target += 7) {
        assertThat(log.offsetForTimestamp(target)).as("target %d", target).isEqualTo(linearScan(timestamps, target, 0));
      }
      log.deleteRecordsBefore(40);
      for (long target = -40; target <= 1250; target += 13) {
        assertThat(log.offsetForTimestamp(target)).isEqualTo(linearScan(timestamps, target, 40));
      }
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
      List<Long> timestamps = new ArrayList<>();
      all.forEach(ts -> {
        for (long t : ts) {
          timestamps.add(t);
        }
      });
      for (long target = -40; target <= 1250; target += 11) {
        assertThat(log.offsetForTimestamp(target)).isEqualTo(linearScan(timestamps, target, 40));
      }
    }
  }

  private static Optional<TimestampOffset> linearScan(List<Long> timestamps, long target, long fromOffset) {
    for (int offset = (int) fromOffset; offset < timestamps.size(); offset++) {
      if (timestamps.get(offset) >= target) {
        return Optional.of(new TimestampOffset(timestamps.get(offset), offset));
      }
    }
    return Optional.empty();
  }
}
