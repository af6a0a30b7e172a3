package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.record.CompressionType;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.error.StoreException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One writer appending, rolling and deleting from the front while readers read everywhere; interrupts. */
class SegmentedLogConcurrencyTest {
  private static final int BATCHES = 3000;

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void readersNeverSeeAPartialBatch() throws Exception {
    LogConfig config = LogConfig.builder().segmentBytes(16 * 1024).indexIntervalBytes(512).build();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (SegmentedLog log = SegmentedLog.open(dir, config, new MutableClock(0))) {
      List<Future<Long>> readers = new ArrayList<>();
      readers.add(pool.submit(() -> randomReader(log, done, 1)));
      readers.add(pool.submit(() -> tailingReader(log, done)));
      Future<?> writer = pool.submit(() -> write(log, done));
      writer.get(50, TimeUnit.SECONDS);
      for (Future<Long> reader : readers) {
        assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "index.interval.bytes={0}")
  @ValueSource(ints = {0, 4096})
  void anInterruptedReaderDoesNotTakeTheLogDown(int indexIntervalBytes) {
    // with interval 0 the interrupt hits the index channel first, with 4096 (no entries yet) the log channel
    LogConfig config = LogConfig.builder().indexIntervalBytes(indexIntervalBytes).build();
    Path logDir = dir.resolve("interval-" + indexIntervalBytes);
    try (SegmentedLog log = SegmentedLog.open(logDir, config, new MutableClock(0))) {
      for (int i = 0; i < 10; i++) {
        log.append(TestBatches.batch(i, 1, 20));
      }
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> log.read(5, 100)).isInstanceOf(StoreException.class)
            .hasRootCauseInstanceOf(ClosedByInterruptException.class);
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      assertThat(log.append(TestBatches.batch(10, 1, 20)).baseOffset()).isEqualTo(10);
      for (long offset = 0; offset < 11; offset++) {
        assertThat(TestBatches.batches(log.read(offset, 1))).hasSize(1);
      }
      assertThat(log.offsetForTimestamp(7)).contains(new TimestampOffset(7, 7));
      log.flush();
    }
    try (SegmentedLog log = SegmentedLog.open(logDir, config, new MutableClock(0))) {
      assertThat(log.logEndOffset()).isEqualTo(11);
      assertThat(log.recoveryReport().isClean()).isTrue();
    }
  }

  private static void write(SegmentedLog log, AtomicBoolean done) {
    Random random = new Random(42);
    try {
      for (int i = 0; i < BATCHES; i++) {
        long base = log.logEndOffset();
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
        int records = 1 + random.nextInt(5);
        for (int r = 0; r < records; r++) {
          builder.append(base + r, null, valueFor(base + r, random.nextInt(400)), null);
        }
        log.append(builder.build());
        if (i % 500 == 499) {
          log.deleteRecordsBefore(log.logEndOffset() / 4);
        }
        if (i % 300 == 0) {
          log.flush();
        }
      }
    } finally {
      done.set(true);
    }
  }

  /** Value bytes derived from the record's offset, padded to {@code padding} extra bytes. */
  private static byte[] valueFor(long offset, int padding) {
    String text = "offset-" + offset + "-" + "x".repeat(padding);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void check(LogReadResult result, long requested) {
    List<RecordBatch> batches = TestBatches.batches(result);
    assertThat(batches).isNotEmpty();
    long expectedBase = batches.get(0).baseOffset();
    assertThat(expectedBase).isLessThanOrEqualTo(requested);
    for (RecordBatch batch : batches) {
      assertThat(batch.baseOffset()).isEqualTo(expectedBase);
      for (Record record : batch.records()) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(value).startsWith("offset-" + record.offset() + "-");
      }
      expectedBase = batch.lastOffset() + 1;
    }
    assertThat(result.nextOffset()).isEqualTo(expectedBase);
  }

  private static long randomReader(SegmentedLog log, AtomicBoolean done, long seed) {
    Random random = new Random(seed);
    long reads = 0;
    while (!done.get() || reads == 0) {
      long start = log.logStartOffset();
      long end = log.logEndOffset();
      if (end == start) {
        continue;
      }
      long offset = start + (long) (random.nextDouble() * (end - start));
      try {
        check(log.read(offset, 1 + random.nextInt(64 * 1024)), offset);
        reads++;
      } catch (OffsetOutOfRangeException e) {
        assertThat(offset).isLessThan(log.logStartOffset());
      }
    }
    return reads;
  }

  private static long tailingReader(SegmentedLog log, AtomicBoolean done) {
    long next = 0;
    long batches = 0;
    while (true) {
      boolean finished = done.get();
      try {
        LogReadResult result = log.read(next, 8 * 1024);
        if (!result.isEmpty()) {
          check(result, next);
          batches += TestBatches.batches(result).size();
          next = result.nextOffset();
        } else if (finished) {
          assertThat(next).isEqualTo(log.logEndOffset());
          return batches;
        }
      } catch (OffsetOutOfRangeException e) {
        next = e.logStartOffset();
      }
    }
  }
}
