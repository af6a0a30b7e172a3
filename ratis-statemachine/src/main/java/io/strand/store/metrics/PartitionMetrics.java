package io.strand.store.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Meters of one partition replica, tagged {@code topic} and {@code partition} (one series set per hosted replica;
 * {@link #REJECTED_BATCHES} adds an {@code error} tag bounded by the producer/validation error codes). Every meter
 * is removed from the registry on {@link #close()}, when the replica is removed or the node stops.
 *
 * <p>Thread-safe.
 */
public final class PartitionMetrics implements AutoCloseable {
  /** Timer: from {@code append()} to its result on the leader, including queueing, replication and apply. */
  public static final String APPEND_LATENCY = "strand.partition.append.latency";
  /** Counter: batches appended to this replica's log by apply (every replica counts its own). */
  public static final String APPENDED_BATCHES = "strand.partition.appended.batches";
  /** Counter, bytes: batch bytes appended to this replica's log by apply. */
  public static final String APPENDED_BYTES = "strand.partition.appended.bytes";
  /** Counter, tag {@code error}: batches rejected (before proposing on the leader, or by apply). */
  public static final String REJECTED_BATCHES = "strand.partition.rejected.batches";
  /** Distribution: batches per Raft entry proposed by this leader (the group-commit factor). */
  public static final String ENTRY_BATCHES = "strand.partition.raft.entry.batches";
  /** Distribution, bytes: encoded size of each Raft entry proposed by this leader. */
  public static final String ENTRY_BYTES = "strand.partition.raft.entry.bytes";
  /** Timer: taking a snapshot (flushing the log and writing the snapshot file). */
  public static final String SNAPSHOT_LATENCY = "strand.partition.snapshot.latency";
  /** Counter, tag {@code outcome} (success, failure): follower catch-ups from the leader (snapshot notification). */
  public static final String CATCH_UPS = "strand.partition.catchup";
  /** Counter: applies that failed unexpectedly; after the first one the replica stops applying until restarted. */
  public static final String APPLY_FAILURES = "strand.partition.apply.failures";
  /** Gauge: the high watermark (= log end offset of the applied log). */
  public static final String HIGH_WATERMARK = "strand.partition.high.watermark";
  /** Gauge: the log start offset. */
  public static final String LOG_START_OFFSET = "strand.partition.log.start.offset";
  /** Gauge, bytes: size of the partition's segment files. */
  public static final String LOG_SIZE = "strand.partition.log.size";
  /** Gauge, bytes: batch bytes queued on the leader, waiting for a Raft entry. */
  public static final String QUEUED_BYTES = "strand.partition.append.queued";
  /** Gauge: 1 while this replica is the leader, else 0. */
  public static final String LEADER = "strand.partition.leader";

  /** Read-side state the gauges sample. */
  public interface Source {
    long highWatermark();

    long logStartOffset();

    long sizeInBytes();

    long queuedBytes();

    boolean isLeader();
  }

  private final MeterRegistry registry;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Timer appendLatency;
  private final Counter appendedBatches;
  private final Counter appendedBytes;
  private final DistributionSummary entryBatches;
  private final DistributionSummary entryBytes;
  private final Timer snapshotLatency;
  private final Counter catchUpSuccess;
  private final Counter catchUpFailure;
  private final Counter applyFailures;

  public PartitionMetrics(MeterRegistry registry, String topic, int partition, Source source) {
    this.registry = registry;
    this.tags = Tags.of("topic", topic, "partition", Integer.toString(partition));
    appendLatency = keep(Timer.builder(APPEND_LATENCY).tags(tags).register(registry));
    appendedBatches = keep(Counter.builder(APPENDED_BATCHES).tags(tags).register(registry));
    appendedBytes = keep(Counter.builder(APPENDED_BYTES).baseUnit("bytes").tags(tags).register(registry));
    entryBatches = keep(DistributionSummary.builder(ENTRY_BATCHES).tags(tags).register(registry));
    entryBytes = keep(DistributionSummary.builder(ENTRY_BYTES).baseUnit("bytes").tags(tags).register(registry));
    snapshotLatency = keep(Timer.builder(SNAPSHOT_LATENCY).tags(tags).register(registry));
    catchUpSuccess = keep(Counter.builder(CATCH_UPS).tags(tags).tag("outcome", "success").register(registry));
    catchUpFailure = keep(Counter.builder(CATCH_UPS).tags(tags).tag("outcome", "failure").register(registry));
    applyFailures = keep(Counter.builder(APPLY_FAILURES).tags(tags).register(registry));
    gauge(HIGH_WATERMARK, source, Source::highWatermark, null);
    gauge(LOG_START_OFFSET, source, Source::logStartOffset, null);
    gauge(LOG_SIZE, source, Source::sizeInBytes, "bytes");
    gauge(QUEUED_BYTES, source, Source::queuedBytes, "bytes");
    gauge(LEADER, source, s -> s.isLeader() ? 1 : 0, null);
  }

  /** Gauges read the replica while it may be starting or closed; such samples report NaN instead of failing. */
  private void gauge(String name, Source source, ToLongFunction<Source> value, String baseUnit) {
    keep(Gauge.builder(name, source, s -> {
      try {
        return value.applyAsLong(s);
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }).baseUnit(baseUnit).tags(tags).strongReference(true).register(registry));
  }

  public void appendCompleted(Duration latency) {
    appendLatency.record(latency);
  }

  public void batchAppended(int bytes) {
    appendedBatches.increment();
    appendedBytes.increment(bytes);
  }

  public void batchRejected(String errorCodeName) {
    rejected.computeIfAbsent(errorCodeName, name ->
        keep(Counter.builder(REJECTED_BATCHES).tags(tags).tag("error", name).register(registry))).increment();
  }

  public void entryProposed(int batches, int bytes) {
    entryBatches.record(batches);
    entryBytes.record(bytes);
  }

  public void snapshotTaken(Duration latency) {
    snapshotLatency.record(latency);
  }

  public void catchUp(boolean success) {
    (success ? catchUpSuccess : catchUpFailure).increment();
  }

  public void applyFailed() {
    applyFailures.increment();
  }

  private synchronized <M extends Meter> M keep(M meter) {
    meters.add(meter);
    return meter;
  }

  @Override
  public synchronized void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
