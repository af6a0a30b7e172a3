package io.strand.store.log;

import io.strand.record.CompressionType;
import io.strand.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the segmented log on the local disk: appends of 1 KiB records in 16 KiB and 64 KiB batches, with
 * and without a flush (fsync of data and indexes) after every batch, and sequential reads of 1 MiB at a time.
 * The {@code bytes} secondary result is the payload rate in bytes per second.
 *
 * <p>Run: {@code mvn -Pjmh -pl ratis-statemachine -am package -DskipTests && java -jar
 * ratis-statemachine/target/benchmarks.jar SegmentedLogBench}. Logs are written under {@code
 * -Dstrand.bench.dir} (default: the system temporary directory) and deleted afterwards.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
public class SegmentedLogBench {
  private static final int RECORD_BYTES = 1024;

  /** Counts payload bytes so that JMH reports them per second next to batches per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long bytes;
  }

  /** An open log with a prebuilt batch; retention keeps the disk footprint bounded during long runs. */
  @State(Scope.Benchmark)
  public static class AppendState {
    @Param({"16384", "65536"})
    public int batchBytes;

    @Param({"false", "true"})
    public boolean flushPerBatch;

    SegmentedLog log;
    ByteBuffer batch;

    @Setup(Level.Trial)
    public void open() throws IOException {
      LogConfig config = LogConfig.builder().segmentBytes(128 * 1024 * 1024).retentionBytes(512L * 1024 * 1024)
          .retentionMs(-1).maxMessageBytes(1024 * 1024).build();
      log = SegmentedLog.open(newDir(), config, Clock.systemUTC());
      batch = buildBatch(batchBytes / RECORD_BYTES);
    }

    @TearDown(Level.Trial)
    public void delete() {
      log.delete();
    }
  }

  /** A log filled with 256 MiB of 16 KiB batches, read front to back, wrapping around. */
  @State(Scope.Benchmark)
  public static class ReadState {
    static final int LOG_BYTES = 256 * 1024 * 1024;
    static final int READ_BYTES = 1024 * 1024;

    SegmentedLog log;
    long next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
      log = SegmentedLog.open(newDir(), LogConfig.builder().segmentBytes(64 * 1024 * 1024).build(),
          Clock.systemUTC());
      ByteBuffer batch = buildBatch(16);
      while (log.sizeInBytes() < LOG_BYTES) {
        log.append(batch.duplicate());
      }
      log.flush();
    }

    @TearDown(Level.Trial)
    public void delete() {
      log.delete();
    }
  }

  @Benchmark
  public LogAppendInfo append(AppendState state, Bytes bytes) {
    LogAppendInfo info = state.log.append(state.batch.duplicate());
    if (state.flushPerBatch) {
      state.log.flush();
    }
    if (state.log.segmentCount() > 6) {
      state.log.applyRetention();
    }
    bytes.bytes += info.sizeInBytes();
    return info;
  }

  @Benchmark
  public void sequentialRead(ReadState state, Bytes bytes, Blackhole sink) {
    if (state.next >= state.log.logEndOffset()) {
      state.next = state.log.logStartOffset();
    }
    LogReadResult result = state.log.read(state.next, ReadState.READ_BYTES);
    state.next = result.nextOffset();
    bytes.bytes += result.sizeInBytes();
    sink.consume(result.records());
  }

  static Path newDir() throws IOException {
    Path parent = Path.of(System.getProperty("strand.bench.dir", System.getProperty("java.io.tmpdir")));
    return Files.createTempDirectory(parent, "strand-log-bench");
  }

  /** A batch of {@code records} records with random 1 KiB values (incompressible, though it is not compressed). */
  static ByteBuffer buildBatch(int records) {
    Random random = new Random(1);
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
    long now = System.currentTimeMillis();
    for (int i = 0; i < records; i++) {
      byte[] value = new byte[RECORD_BYTES];
      random.nextBytes(value);
      builder.append(now, null, value, null);
    }
    return builder.build();
  }
}
