package io.strand.server.groups;

import io.grpc.Deadline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.strand.api.v1.OffsetSpec;
import io.strand.server.metrics.ServerMetrics;
import io.strand.store.offsets.OffsetAndMetadata;
import io.strand.store.offsets.OffsetsStateMachine;
import io.strand.store.offsets.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports {@link ServerMetrics#CONSUMER_GROUP_LAG} for the groups this node coordinates. Every interval it reads
 * the committed offsets of the groups of the offsets partitions it leads (from the applied state: committed, so a
 * failover never shows a commit that is lost), looks up the log end offsets of all their partitions in one batched
 * ListOffsets (routed per partition leader), and replaces the gauge's rows. Rows of groups, partitions or offsets
 * partitions no longer coordinated here disappear at the next refresh; the new coordinator exports them instead.
 *
 * <p>Lag is {@code max(0, log end offset - committed offset)} per (group, topic, partition) with a committed offset;
 * partitions whose end offset cannot be looked up (no leader, topic deleted) are left out until they can. With
 * per-partition labels switched off, rows are summed per (group, topic). Cost per refresh: one pass over the local
 * committed offsets and one ListOffsets per partition leader; at most one refresh is in flight, and a failed
 * lookup keeps the previous rows. A row that stays is updated in place, never removed and re-added, so a scrape
 * that races a refresh still sees it.
 *
 * <p>Thread-safe: refreshes run on the given scheduler and complete on gRPC threads, never two at once.
 */
public final class ConsumerLagExporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagExporter.class);
  private static final OffsetSpec LATEST = OffsetSpec.newBuilder().setLatest(true).build();

  /** One row's identity: partition is -1 when rows are summed per topic. */
  private record LagKey(String group, String topic, int partition) {
    Tags tags() {
      Tags tags = Tags.of("group", group, "topic", topic);
      return partition < 0 ? tags : tags.and("partition", Integer.toString(partition));
    }
  }

  /** The committed offsets of the groups coordinated here right now: group, then partition, then offset. */
  @FunctionalInterface
  interface CommittedOffsets {
    Map<String, Map<TopicPartition, Long>> read();
  }

  /** The log end offsets of {@code partitions}; -1 (or absent) where unknown. */
  @FunctionalInterface
  interface EndOffsets {
    CompletableFuture<Map<TopicPartition, Long>> lookup(Set<TopicPartition> partitions);
  }

  private final CommittedOffsets committedOffsets;
  private final EndOffsets endOffsets;
  private final MultiGauge gauge;
  private final boolean partitionLabels;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile ScheduledFuture<?> schedule;
  /** The value each published row reads; a refresh updates these and registers only rows that are new. */
  private final Map<LagKey, AtomicLong> published = new ConcurrentHashMap<>();

  /**
   * @param coordinating the offsets replicas this node coordinates right now
   * @param partitionLabels whether rows carry the partition label (else they are summed per group and topic)
   * @param lookupTimeout deadline of one batched end offset lookup
   */
  public ConsumerLagExporter(Supplier<List<OffsetsStateMachine>> coordinating, LogOffsets logOffsets,
                             MeterRegistry registry, boolean partitionLabels, Duration lookupTimeout) {
    this(() -> committedOffsets(coordinating.get()),
        partitions -> logOffsets.lookup(partitions, LATEST,
            Deadline.after(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS)),
        registry, partitionLabels);
  }

  /** From the two sources directly; the public constructor reads them from the replicas and partition leaders. */
  ConsumerLagExporter(CommittedOffsets committedOffsets, EndOffsets endOffsets, MeterRegistry registry,
                      boolean partitionLabels) {
    this.committedOffsets = committedOffsets;
    this.endOffsets = endOffsets;
    this.partitionLabels = partitionLabels;
    this.gauge = MultiGauge.builder(ServerMetrics.CONSUMER_GROUP_LAG).baseUnit("records")
        .description("log end offset minus the group's committed offset, on the group's coordinator")
        .register(registry);
  }

  /** Refreshes every {@code interval} on {@code scheduler} until closed. */
  public void start(ScheduledExecutorService scheduler, Duration interval) {
    schedule = scheduler.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Starts one refresh unless one is still in flight. */
  void refresh() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      Map<LagKey, Long> committed = new HashMap<>();
      committedOffsets.read().forEach((group, offsets) -> offsets.forEach((tp, offset) ->
          committed.put(new LagKey(group, tp.topic(), tp.partition()), offset)));
      Set<TopicPartition> partitions = new HashSet<>();
      committed.keySet().forEach(k -> partitions.add(new TopicPartition(k.topic(), k.partition())));
      endOffsets.lookup(partitions)
          .whenComplete((ends, failure) -> {
            try {
              if (failure == null) {
                publish(committed, ends);
              } else {
                LOG.debug("consumer lag: end offset lookup failed; keeping the previous values", failure);
              }
            } finally {
              refreshing.set(false);
            }
          });
    } catch (RuntimeException e) {
      refreshing.set(false);
      LOG.warn("consumer lag refresh failed", e);
    }
  }

  /** Committed offsets of every group the given offsets replicas hold, from their applied state. */
  private static Map<String, Map<TopicPartition, Long>> committedOffsets(List<OffsetsStateMachine> replicas) {
    Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
    for (OffsetsStateMachine sm : replicas) {
      sm.readLocal(state -> {
        for (String group : state.offsets().groupIds()) {
          Map<TopicPartition, Long> offsets = out.computeIfAbsent(group, g -> new HashMap<>());
          for (Map.Entry<TopicPartition, OffsetAndMetadata> e : state.offsets().offsets(group).entrySet()) {
            offsets.put(e.getKey(), e.getValue().offset());
          }
        }
        return null;
      });
    }
    return out;
  }

  private void publish(Map<LagKey, Long> committed, Map<TopicPartition, Long> ends) {
    Map<LagKey, Long> lags = new HashMap<>();
    committed.forEach((key, offset) -> {
      long end = ends.getOrDefault(new TopicPartition(key.topic(), key.partition()), -1L);
      if (end >= 0) {
        LagKey row = partitionLabels ? key : new LagKey(key.group(), key.topic(), -1);
        lags.merge(row, Math.max(0, end - offset), Long::sum);
      }
    });
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    lags.forEach((key, lag) -> {
      AtomicLong value = published.computeIfAbsent(key, k -> new AtomicLong());
      value.set(lag);
      rows.add(MultiGauge.Row.of(key.tags(), value, AtomicLong::doubleValue));
    });
    gauge.register(rows, false);
    published.keySet().retainAll(lags.keySet());
  }

  /** Stops refreshing and removes every row. */
  @Override
  public void close() {
    ScheduledFuture<?> s = schedule;
    if (s != null) {
      s.cancel(false);
    }
    gauge.register(List.of(), false);
    published.clear();
  }
}
