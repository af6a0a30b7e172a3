package io.strand.store.raft;

import java.time.Duration;
import java.util.Objects;

/**
 * Ratis settings for a node that hosts many Raft groups on few cores. Ratis' defaults are sized for a handful of
 * groups per server (8 MiB direct write buffer, 200 MiB log cache, 64 MiB queues, election timeouts of 150-300 ms and
 * unbounded gRPC event loops, all per group); these defaults shrink the per-group cost and are documented, with the
 * Ratis key each one maps to, in docs/design/partition-replication.md. {@link RatisProperties} is the only place
 * that turns them into Ratis keys.
 *
 * <p>Immutable and thread-safe. The canonical constructor validates, so an instance is always usable.
 *
 * @param electionTimeoutMin lower bound of the randomized election timeout; heartbeats go every half of it
 *     (default 1 s)
 * @param electionTimeoutMax upper bound of the randomized election timeout (default 2 s)
 * @param requestTimeout Ratis server-to-server request timeout (default 5 s)
 * @param maxEntryBytes largest Raft entry, i.e. the Ratis appender byte limit; coalesced produce batches are packed up
 *     to it and the largest single batch must fit in it. Each group holds a direct write buffer of this size plus
 *     64 KiB (default 2 MiB)
 * @param maxInFlightEntries Raft entries a partition leader has proposed but not yet seen applied; further appends
 *     queue up and are coalesced into the next entry (default 1: on a CPU-bound node, fewer and larger entries beat
 *     pipelining small ones; see docs/benchmarks.md)
 * @param maxQueuedBytes batch bytes a partition leader queues before rejecting appends with THROTTLED (default
 *     16 MiB)
 * @param raftSegmentBytes size at which a Raft log segment file is rolled; purging deletes only whole closed
 *     segments (default 8 MiB)
 * @param raftLogCacheSegments Raft log segments kept in the heap cache per group (default 2)
 * @param raftLogCacheBytes heap bytes of Raft log cache per group (default 16 MiB)
 * @param raftLogQueueBytes bytes the Raft log worker queues per group (default 8 MiB)
 * @param leaderPendingBytes bytes of client requests a group leader accepts before answering "resource unavailable"
 *     (default 16 MiB)
 * @param grpcServerWorkerThreads Netty worker threads of the Ratis gRPC server, 0 = gRPC default of 2 x cores
 *     (default 2)
 * @param grpcBossThreads Netty boss threads of the Ratis gRPC server, 0 = gRPC default (default 1)
 * @param grpcClientWorkerThreads Netty worker threads of Ratis' server-to-server clients, 0 = gRPC default
 *     (default 2)
 * @param snapshotThresholdEntries take a snapshot (and purge the Raft log) after this many applied entries (default
 *     10000)
 * @param snapshotThresholdBytes also take a snapshot once this many batch bytes were appended since the last one,
 *     so that Raft logs of large entries stay short; 0 disables the byte trigger (default 64 MiB)
 * @param purgeGapEntries the Raft log is purged only when the purge index advanced by at least this much (default
 *     256)
 * @param retentionCheckInterval how often a partition leader proposes ApplyRetention (default 5 min)
 * @param asyncFlush fsync the Raft log on a separate thread; the flush index still only advances after the fsync,
 *     so this is safe (default false: simplest durability story; enable for throughput)
 * @param logMetadata persist commit-index metadata entries in the Raft log; not needed for correctness because
 *     every replica only applies entries it learned are committed (default false)
 * @param callbackThreads threads that complete append futures and feed the next coalesced entry, shared by all
 *     partitions of the node (default 2)
 * @param groupRestartDelayMin how long a Raft group that stopped on this node (its Raft log or state machine failed,
 *     for example on a full disk) waits before it is restarted from its storage; doubled after each restart that
 *     did not last (default 1 s)
 * @param groupRestartDelayMax upper bound of that delay (default 10 s)
 * @param sequenceHold how long a partition leader holds an idempotent producer's batch that arrived before its
 *     predecessor (gRPC serves one connection's calls on a thread pool, so pipelined requests can overtake each
 *     other) before proposing it anyway; zero proposes in arrival order (default 50 ms)
 */
public record RatisTuning(
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    int maxEntryBytes,
    int maxInFlightEntries,
    long maxQueuedBytes,
    long raftSegmentBytes,
    int raftLogCacheSegments,
    long raftLogCacheBytes,
    long raftLogQueueBytes,
    long leaderPendingBytes,
    int grpcServerWorkerThreads,
    int grpcBossThreads,
    int grpcClientWorkerThreads,
    long snapshotThresholdEntries,
    long snapshotThresholdBytes,
    int purgeGapEntries,
    Duration retentionCheckInterval,
    boolean asyncFlush,
    boolean logMetadata,
    int callbackThreads,
    Duration groupRestartDelayMin,
    Duration groupRestartDelayMax,
    Duration sequenceHold) {

  private static final int MIB = 1024 * 1024;

  /** Bytes a Raft entry needs beyond its command payload (entry header, client id, call id); kept conservative. */
  public static final int ENTRY_OVERHEAD_BYTES = 1024;

  /** The documented defaults. */
  public static final RatisTuning DEFAULT = new RatisTuning(
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      2 * MIB, 1, 16L * MIB,
      8L * MIB, 2, 16L * MIB, 8L * MIB, 16L * MIB,
      2, 1, 2,
      10_000, 64L * MIB, 256, Duration.ofMinutes(5),
      false, false, 2,
      Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(50));

  /** Validates every field; messages name the field and the offending value. */
  public RatisTuning {
    requirePositive("electionTimeoutMin", electionTimeoutMin);
    requirePositive("electionTimeoutMax", electionTimeoutMax);
    requirePositive("requestTimeout", requestTimeout);
    requirePositive("retentionCheckInterval", retentionCheckInterval);
    requirePositive("groupRestartDelayMin", groupRestartDelayMin);
    if (groupRestartDelayMax == null || groupRestartDelayMax.compareTo(groupRestartDelayMin) < 0) {
      throw new IllegalArgumentException("groupRestartDelayMax (" + groupRestartDelayMax
          + ") must be at least groupRestartDelayMin (" + groupRestartDelayMin + ")");
    }
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("electionTimeoutMax (" + electionTimeoutMax
          + ") must be greater than electionTimeoutMin (" + electionTimeoutMin + ")");
    }
    requireAtLeast("maxEntryBytes", maxEntryBytes, 64 * 1024);
    requireAtLeast("maxInFlightEntries", maxInFlightEntries, 1);
    requireAtLeast("maxQueuedBytes", maxQueuedBytes, maxEntryBytes);
    requireAtLeast("raftSegmentBytes", raftSegmentBytes, 64 * 1024);
    requireAtLeast("raftLogCacheSegments", raftLogCacheSegments, 1);
    requireAtLeast("raftLogCacheBytes", raftLogCacheBytes, maxEntryBytes);
    requireAtLeast("raftLogQueueBytes", raftLogQueueBytes, maxEntryBytes);
    requireAtLeast("leaderPendingBytes", leaderPendingBytes, maxEntryBytes);
    requireAtLeast("grpcServerWorkerThreads", grpcServerWorkerThreads, 0);
    requireAtLeast("grpcBossThreads", grpcBossThreads, 0);
    requireAtLeast("grpcClientWorkerThreads", grpcClientWorkerThreads, 0);
    requireAtLeast("snapshotThresholdEntries", snapshotThresholdEntries, 1);
    requireAtLeast("snapshotThresholdBytes", snapshotThresholdBytes, 0);
    requireAtLeast("purgeGapEntries", purgeGapEntries, 1);
    requireAtLeast("callbackThreads", callbackThreads, 1);
    Objects.requireNonNull(sequenceHold, "sequenceHold");
    if (sequenceHold.isNegative()) {
      throw new IllegalArgumentException("sequenceHold must be zero or positive, got " + sequenceHold);
    }
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The largest command payload (the coalesced batches) that fits in one Raft entry. */
  public int maxCommandBytes() {
    return maxEntryBytes - ENTRY_OVERHEAD_BYTES;
  }

  /** Ratis' per-group direct write buffer: one entry plus framing, rounded up generously. */
  public int writeBufferBytes() {
    return maxEntryBytes + 64 * 1024;
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  /** Mutable builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private Duration electionTimeoutMin;
    private Duration electionTimeoutMax;
    private Duration requestTimeout;
    private int maxEntryBytes;
    private int maxInFlightEntries;
    private long maxQueuedBytes;
    private long raftSegmentBytes;
    private int raftLogCacheSegments;
    private long raftLogCacheBytes;
    private long raftLogQueueBytes;
    private long leaderPendingBytes;
    private int grpcServerWorkerThreads;
    private int grpcBossThreads;
    private int grpcClientWorkerThreads;
    private long snapshotThresholdEntries;
    private long snapshotThresholdBytes;
    private int purgeGapEntries;
    private Duration retentionCheckInterval;
    private Duration groupRestartDelayMin;
    private Duration groupRestartDelayMax;
    private boolean asyncFlush;
    private boolean logMetadata;
    private int callbackThreads;
    private Duration sequenceHold;

    private Builder(RatisTuning t) {
      electionTimeoutMin = t.electionTimeoutMin;
      electionTimeoutMax = t.electionTimeoutMax;
      requestTimeout = t.requestTimeout;
      maxEntryBytes = t.maxEntryBytes;
      maxInFlightEntries = t.maxInFlightEntries;
      maxQueuedBytes = t.maxQueuedBytes;
      raftSegmentBytes = t.raftSegmentBytes;
      raftLogCacheSegments = t.raftLogCacheSegments;
      raftLogCacheBytes = t.raftLogCacheBytes;
      raftLogQueueBytes = t.raftLogQueueBytes;
      leaderPendingBytes = t.leaderPendingBytes;
      grpcServerWorkerThreads = t.grpcServerWorkerThreads;
      grpcBossThreads = t.grpcBossThreads;
      grpcClientWorkerThreads = t.grpcClientWorkerThreads;
      snapshotThresholdEntries = t.snapshotThresholdEntries;
      snapshotThresholdBytes = t.snapshotThresholdBytes;
      purgeGapEntries = t.purgeGapEntries;
      retentionCheckInterval = t.retentionCheckInterval;
      groupRestartDelayMin = t.groupRestartDelayMin;
      groupRestartDelayMax = t.groupRestartDelayMax;
      asyncFlush = t.asyncFlush;
      logMetadata = t.logMetadata;
      callbackThreads = t.callbackThreads;
      sequenceHold = t.sequenceHold;
    }

    public Builder electionTimeout(Duration min, Duration max) {
      this.electionTimeoutMin = min;
      this.electionTimeoutMax = max;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder maxEntryBytes(int value) {
      this.maxEntryBytes = value;
      return this;
    }

    public Builder maxInFlightEntries(int value) {
      this.maxInFlightEntries = value;
      return this;
    }

    public Builder maxQueuedBytes(long value) {
      this.maxQueuedBytes = value;
      return this;
    }

    public Builder raftSegmentBytes(long value) {
      this.raftSegmentBytes = value;
      return this;
    }

    public Builder raftLogCache(int segments, long bytes) {
      this.raftLogCacheSegments = segments;
      this.raftLogCacheBytes = bytes;
      return this;
    }

    public Builder raftLogQueueBytes(long value) {
      this.raftLogQueueBytes = value;
      return this;
    }

    public Builder leaderPendingBytes(long value) {
      this.leaderPendingBytes = value;
      return this;
    }

    public Builder grpcThreads(int serverWorkers, int boss, int clientWorkers) {
      this.grpcServerWorkerThreads = serverWorkers;
      this.grpcBossThreads = boss;
      this.grpcClientWorkerThreads = clientWorkers;
      return this;
    }

    public Builder snapshotThresholdEntries(long value) {
      this.snapshotThresholdEntries = value;
      return this;
    }

    public Builder snapshotThresholdBytes(long value) {
      this.snapshotThresholdBytes = value;
      return this;
    }

    public Builder purgeGapEntries(int value) {
      this.purgeGapEntries = value;
      return this;
    }

    public Builder retentionCheckInterval(Duration value) {
      this.retentionCheckInterval = value;
      return this;
    }

    public Builder asyncFlush(boolean value) {
      this.asyncFlush = value;
      return this;
    }

    public Builder logMetadata(boolean value) {
      this.logMetadata = value;
      return this;
    }

    public Builder callbackThreads(int value) {
      this.callbackThreads = value;
      return this;
    }

    public Builder groupRestartDelayMin(Duration value) {
      this.groupRestartDelayMin = value;
      return this;
    }

    public Builder groupRestartDelayMax(Duration value) {
      this.groupRestartDelayMax = value;
      return this;
    }

    public Builder sequenceHold(Duration value) {
      this.sequenceHold = value;
      return this;
    }

    public RatisTuning build() {
      return new RatisTuning(electionTimeoutMin, electionTimeoutMax, requestTimeout, maxEntryBytes,
          maxInFlightEntries, maxQueuedBytes, raftSegmentBytes, raftLogCacheSegments, raftLogCacheBytes,
          raftLogQueueBytes, leaderPendingBytes, grpcServerWorkerThreads, grpcBossThreads, grpcClientWorkerThreads,
          snapshotThresholdEntries, snapshotThresholdBytes, purgeGapEntries, retentionCheckInterval, asyncFlush,
          logMetadata, callbackThreads, groupRestartDelayMin, groupRestartDelayMax, sequenceHold);
    }
  }
}
