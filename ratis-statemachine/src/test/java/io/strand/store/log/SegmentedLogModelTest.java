package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.record.CompressionType;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of append, roll, flush, truncate, delete-before, retention, read and close/reopen against an
 * in-memory model of the log. Every failure names its seed; rerun one with {@code -Dstrand.log.seed=<seed>}.
 */
class SegmentedLogModelTest {
  private static final int SEEDS = 3;
  private static final int OPERATIONS = 700;

  @TempDir Path root;

  @Test
  void randomOperationsMatchTheModel() throws Exception {
    String pinned = System.getProperty("strand.log.seed");
    long first = pinned != null ? Long.parseLong(pinned) : System.nanoTime();
    int runs = pinned != null ? 1 : SEEDS;
    for (int i = 0; i < runs; i++) {
      long seed = first + i;
      System.out.println("SegmentedLogModelTest seed " + seed);
      try {
        new Run(seed, Files.createDirectories(root.resolve("seed-" + seed))).execute();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("failed with seed " + seed + " (rerun with -Dstrand.log.seed=" + seed + "): " + e,
            e);
      }
    }
  }

  /** One seeded run: the log under test, the model, and the operation loop. */
  private static final class Run {
    private final Random random;
    private final Path dir;
    private final MutableClock clock = new MutableClock(1_000_000);
    private final LogConfig config;
    /** Batches by base offset, as stored (base offset patched). */
    private final TreeMap<Long, byte[]> batches = new TreeMap<>();
    private final TreeMap<Long, Long> timestamps = new TreeMap<>();
    private long logStart;
    private long logEnd;
    private SegmentedLog log;
    private int step;

    Run(long seed, Path dir) {
      this.random = new Random(seed);
      this.dir = dir;
      this.config = LogConfig.builder()
          .segmentBytes(pick(512, 2048, 8192))
          .indexIntervalBytes(pick(0, 100, 4096))
          .maxIndexSizeBytes(pick(24, 240, 4096))
          .segmentMs(pick(5_000, 1_000_000))
          .retentionMs(-1)
          .build();
    }

    private int pick(int... choices) {
      return choices[random.nextInt(choices.length)];
    }

    void execute() {
      log = SegmentedLog.open(dir, config, clock);
      try {
        for (step = 0; step < OPERATIONS; step++) {
          clock.advanceMs(random.nextInt(200));
          operate(random.nextInt(100));
          assertThat(log.logStartOffset()).as("log start at step %d", step).isEqualTo(logStart);
          assertThat(log.logEndOffset()).as("log end at step %d", step).isEqualTo(logEnd);
          if (step % 50 == 0) {
            verifyEverything();
          }
        }
        verifyEverything();
        reopen();
        verifyEverything();
      } finally {
        log.close();
      }
    }

    private void operate(int dice) {
      if (dice < 50) {
        append();
      } else if (dice < 65) {
        verifyRead(randomOffset(), 1 + random.nextInt(3000));
      } else if (dice < 69) {
        log.roll();
      } else if (dice < 74) {
        log.flush();
        assertThat(log.recoveryPoint()).isEqualTo(logEnd);
      } else if (dice < 79) {
        truncateTo(logStart - 3 + (long) (random.nextDouble() * (logEnd - logStart + 6)));
      } else if (dice < 84) {
        long offset = logStart + (long) (random.nextDouble() * (logEnd - logStart + 1));
        assertThat(log.deleteRecordsBefore(offset)).isEqualTo(Math.max(logStart, offset));
        logStart = Math.max(logStart, offset);
      } else if (dice < 87) {
        applySizeRetention();
      } else if (dice < 88) {
        long offset = logEnd + random.nextInt(100);
        log.truncateFullyAndStartAt(offset);
        batches.clear();
        timestamps.clear();
        logStart = offset;
        logEnd = offset;
      } else if (dice < 92) {
        reopen();
      } else {
        verifyTimestampLookup(clock.millis() - random.nextInt(20_000));
      }
    }

    private long randomOffset() {
      return logStart + (long) (random.nextDouble() * (logEnd - logStart + 1));
    }

    private void append() {
      RecordBatchBuilder builder = new RecordBatchBuilder(random.nextInt(10) == 0 ? CompressionType.LZ4
          : CompressionType.NONE);
      int records = 1 + random.nextInt(5);
      long[] ts = new long[records];
      for (int i = 0; i < records; i++) {
        ts[i] = clock.millis() - random.nextInt(3_000);
        byte[] value = new byte[random.nextInt(300)];
        random.nextBytes(value);
        builder.append(ts[i], null, value, null);
      }
      ByteBuffer batch = builder.build();
      LogAppendInfo info = log.append(batch);
      assertThat(info.baseOffset()).isEqualTo(logEnd);
      assertThat(info.lastOffset()).isEqualTo(logEnd + records - 1);
      batches.put(logEnd, TestBatches.bytes(batch));
      for (int i = 0; i < records; i++) {
        timestamps.put(logEnd + i, ts[i]);
      }
      logEnd += records;
    }

    private void truncateTo(long offset) {
      if (offset < 0) {
        return;
      }
      log.truncateTo(offset);
      if (offset >= logEnd) {
        return;
      }
      if (offset < logStart) {
        batches.clear();
        timestamps.clear();
        logStart = offset;
        logEnd = offset;
        return;
      }
      Map.Entry<Long, byte[]> containing = batches.floorEntry(offset);
      long cut = containing == null ? offset : containing.getKey();
      batches.tailMap(cut, true).clear();
      timestamps.tailMap(cut, true).clear();
      logEnd = cut;
      logStart = Math.min(logStart, logEnd);
    }

    private void applySizeRetention() {
      long limit = (long) (random.nextDouble() * log.sizeInBytes());
      log.updateConfig(config.toBuilder().retentionBytes(limit).build());
      int deleted = log.applyRetention(clock.millis());
      log.updateConfig(config);
      long newStart = log.logStartOffset();
      assertThat(newStart).isGreaterThanOrEqualTo(logStart).isLessThanOrEqualTo(logEnd);
      if (newStart > logStart) {
        // whole segments went, so the new start is a batch boundary (segments wholly below an earlier
        // deleteRecordsBefore may go too, which is why the remaining size can end up below the limit)
        assertThat(deleted).isPositive();
        assertThat(batches).containsKey(newStart);
      }
      logStart = newStart;
    }

    private void reopen() {
      log.close();
      log = SegmentedLog.open(dir, config, clock);
      assertThat(log.recoveryReport().isClean()).as("recovery report %s", log.recoveryReport()).isTrue();
    }

    private void verifyRead(long offset, int maxBytes) {
      LogReadResult result = log.read(offset, maxBytes);
      if (offset == logEnd) {
        assertThat(result.isEmpty()).isTrue();
        return;
      }
      Map.Entry<Long, byte[]> expected = batches.floorEntry(offset);
      assertThat(result.firstBatchBaseOffset()).as("step %d read(%d)", step, offset).isEqualTo(expected.getKey());
      ByteBuffer got = result.records();
      int count = 0;
      long next = expected.getKey();
      while (got.hasRemaining()) {
        byte[] want = batches.get(next);
        assertThat(want).as("step %d: batch at %d", step, next).isNotNull();
        byte[] actual = new byte[want.length];
        got.get(actual);
        assertThat(actual).as("step %d: bytes of batch %d", step, next).isEqualTo(want);
        next += RecordBatch.wrap(ByteBuffer.wrap(want)).recordCount();
        count++;
      }
      assertThat(result.nextOffset()).isEqualTo(next);
      assertThat(count == 1 || result.sizeInBytes() <= maxBytes).isTrue();
    }

    private void verifyTimestampLookup(long target) {
      Optional<TimestampOffset> expected = Optional.empty();
      for (Map.Entry<Long, Long> e : timestamps.tailMap(logStart, true).entrySet()) {
        if (e.getValue() >= target) {
          expected = Optional.of(new TimestampOffset(e.getValue(), e.getKey()));
          break;
        }
      }
      assertThat(log.offsetForTimestamp(target)).as("step %d offsetForTimestamp(%d)", step, target)
          .isEqualTo(expected);
    }

    private void verifyEverything() {
      for (long offset = logStart; offset <= logEnd; offset++) {
        verifyRead(offset, 1);
      }
      long next = logStart;
      while (next < logEnd) {
        LogReadResult result = log.read(next, random.nextInt(10_000));
        verifyRead(next, Integer.MAX_VALUE - 1);
        next = result.nextOffset();
      }
      verifyTimestampLookup(Long.MIN_VALUE);
      verifyTimestampLookup(clock.millis() - 1_000);
    }
  }
}
