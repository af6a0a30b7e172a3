package io.strand.store.raft;

import io.micrometer.core.instrument.DistributionSummary;
import io.strand.api.v1.ErrorCode;
import io.strand.record.CompressionType;
import io.strand.record.RecordBatchBuilder;
import io.strand.store.log.LogConfig;
import io.strand.store.metrics.PartitionMetrics;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput probe for ADR 001 (not a test; never run by the build): three RaftNodes in this JVM with the default
 * {@link RatisTuning}, one partition, {@code inFlight} appends of {@code batchBytes}-byte batches kept outstanding
 * on the leader for a warm-up and then a measured interval. Prints batches/s, Raft entries/s, MB/s, latency
 * percentiles and the bytes each replica wrote to its Raft log and to its segments.
 *
 * <p>Run: {@code java -cp <test classpath> io.strand.store.raft.ReplicationThroughputBench <batchBytes> <inFlight>
 * <warmupSeconds> <seconds>}.
 */
public final class ReplicationThroughputBench {
  private ReplicationThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int batchBytes = Integer.parseInt(args[0]);
    int inFlight = Integer.parseInt(args[1]);
    Duration warmup = Duration.ofSeconds(Long.parseLong(args[2]));
    Duration measured = Duration.ofSeconds(Long.parseLong(args[3]));
    Path root = Files.createTempDirectory("strand-bench");
    RatisTuning d = RatisTuning.DEFAULT;
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> t.maxEntryBytes(d.maxEntryBytes())
        .maxQueuedBytes(d.maxQueuedBytes()).raftLogCache(d.raftLogCacheSegments(), d.raftLogCacheBytes())
        .raftLogQueueBytes(d.raftLogQueueBytes()).leaderPendingBytes(d.leaderPendingBytes())
        .electionTimeout(d.electionTimeoutMin(), d.electionTimeoutMax()).callbackThreads(d.callbackThreads()))) {
      PartitionSpec spec = cluster.createPartition("bench", 0, LogConfig.DEFAULT, List.of(1, 2, 3));
      int leaderId = cluster.awaitLeader(spec.id());
      PartitionReplica leader = cluster.replica(leaderId, spec.id());
      ByteBuffer batch = batch(batchBytes);
      run(leader, batch, inFlight, warmup, new long[0]);
      DistributionSummary entries = cluster.meters(leaderId).get(PartitionMetrics.ENTRY_BATCHES).summary();
      long entriesBefore = entries.count();
      long[] latenciesMicros = new long[2_000_000];
      long start = System.nanoTime();
      long batches = run(leader, batch, inFlight, measured, latenciesMicros);
      double seconds = (System.nanoTime() - start) / 1e9;
      long raftEntries = entries.count() - entriesBefore;
      long[] sorted = Arrays.copyOf(latenciesMicros, (int) Math.min(batches, latenciesMicros.length));
      Arrays.sort(sorted);
      System.out.printf("batchBytes=%d inFlight=%d seconds=%.1f batches/s=%.0f entries/s=%.0f batches/entry=%.1f "
              + "MB/s=%.2f p50ms=%.1f p99ms=%.1f%n", batchBytes, inFlight, seconds, batches / seconds,
          raftEntries / seconds, (double) batches / Math.max(1, raftEntries),
          batches * (double) batchBytes / seconds / 1e6, sorted[sorted.length / 2] / 1e3,
          sorted[(int) (sorted.length * 0.99)] / 1e3);
      for (int node = 1; node <= 3; node++) {
        Path dir = root.resolve("node-" + node);
        System.out.printf("node %d: raft log %.1f MB, segments %.1f MB%n", node, size(dir.resolve("raft")) / 1e6,
            size(dir.resolve("partitions")) / 1e6);
      }
    }
  }

  /** Keeps {@code inFlight} appends outstanding for {@code duration}; returns the number acknowledged. */
  private static long run(PartitionReplica leader, ByteBuffer batch, int inFlight, Duration duration,
                          long[] latenciesMicros) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      permits.acquire();
      long sent = System.nanoTime();
      leader.append(batch.duplicate(), Duration.ofSeconds(30)).whenComplete((result, error) -> {
        permits.release();
        if (error != null || result.error() != ErrorCode.ERROR_CODE_NONE) {
          failed.incrementAndGet();
          return;
        }
        long n = done.getAndIncrement();
        if (n < latenciesMicros.length) {
          latenciesMicros[(int) n] = (System.nanoTime() - sent) / 1000;
        }
      });
    }
    permits.acquire(inFlight);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " appends failed");
    }
    return done.get();
  }

  /** One batch of 1 KiB records adding up to about {@code bytes}, random values (so compression would not help). */
  private static ByteBuffer batch(int bytes) {
    Random random = new Random(42);
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
    while (builder.estimatedSizeInBytes() + 1100 <= bytes) {
      byte[] value = new byte[1024];
      random.nextBytes(value);
      builder.append(System.currentTimeMillis(), null, value, List.of());
    }
    return builder.build();
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
