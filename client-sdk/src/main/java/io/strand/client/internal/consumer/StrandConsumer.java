package io.strand.client.internal.consumer;

import io.strand.client.TopicPartition;
import io.strand.client.admin.ListedOffset;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.consumer.OffsetAndTimestamp;
import io.strand.client.consumer.OffsetCommitCallback;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.ErrorMapper;
import io.strand.client.internal.OffsetLookup;
import io.strand.client.serialization.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The {@link Consumer} implementation: coordinates the assigned partitions' states (manual assignment here,
 * group assignment through {@link GroupSession}), their positions and offset resets, and fetching through
 * {@link Fetcher}. All state lives on the application's polling thread ({@link PollingThread}); fetch and
 * offset-lookup answers arrive on gRPC threads and are queued as tasks that the next {@code poll} (or
 * blocking call) runs, so no lock is needed.
 *
 * <p>Not API. Not thread-safe except {@link #wakeup}; concurrent use is detected and refused.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StrandConsumer<K, V> implements Consumer<K, V> {
  /** Longest a poll waits before checking for a due heartbeat or auto-commit. */
  private static final long GROUP_WORK_INTERVAL_MS = 100;

  private final ClientRuntime runtime;
  private final ConsumerConfig config;
  private final Runnable onClose;
  private final OffsetLookup offsets;
  private final PollingThread thread;
  private final Fetcher fetcher;
  private final Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
  private final Runnable unsubscribeMetadata;
  private final GroupSession group;
  private final RecordCollector<K, V> collector;

  /**
   * @param runtime the owning client's runtime
   * @param config consumer config
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param onClose run once on close (the owning client forgets the consumer)
   */
  public StrandConsumer(ClientRuntime runtime, ConsumerConfig config, Deserializer<K> keyDeserializer,
                        Deserializer<V> valueDeserializer, Runnable onClose) {
    this.runtime = runtime;
    this.config = config;
    this.onClose = onClose;
    this.offsets = new OffsetLookup(runtime);
    this.thread = new PollingThread(runtime);
    this.fetcher = new Fetcher(runtime, config, thread::post);
    this.unsubscribeMetadata = runtime.metadata().onUpdate(() -> thread.post(() -> { }));
    this.group = new GroupSession(runtime, config, thread, states);
    this.collector = new RecordCollector<>(keyDeserializer, valueDeserializer, config.maxPollRecords());
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    thread.run(() -> group.subscribe(topics, null, listener));
  }

  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
    thread.run(() -> group.subscribe(List.of(), pattern, listener));
  }

  @Override
  public void unsubscribe() {
    thread.run(group::leave);
  }

  @Override
  public Set<String> subscription() {
    return thread.call(group::subscription);
  }

  @Override
  public void commitSync() {
    thread.run(group::commitPositions);
  }

  @Override
  public void commitSync(Map<TopicPartition, Long> offsets) {
    thread.run(() -> group.commitNow(offsets));
  }

  @Override
  public void commitAsync() {
    thread.run(group::commitPositionsAsync);
  }

  @Override
  public void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
    thread.run(() -> group.sendCommit(Map.copyOf(offsets), callback));
  }

  @Override
  public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    return thread.call(() -> group.committed(partitions));
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    thread.run(() -> {
      if (group.isSubscribed()) {
        throw new IllegalStateException("the consumer is subscribed; unsubscribe before assigning partitions");
      }
      Set<TopicPartition> wanted = new LinkedHashSet<>(partitions);
      states.keySet().retainAll(wanted);
      for (TopicPartition tp : wanted) {
        runtime.metadata().track(tp.topic());
        states.computeIfAbsent(tp, k -> new PartitionState(k, PartitionState.initialReset(config.autoOffsetReset())));
      }
    });
  }

  @Override
  public Set<TopicPartition> assignment() {
    return thread.call(() -> Set.copyOf(states.keySet()));
  }

  @Override
  public List<TopicPartition> partitionsFor(String topic) {
    return thread.call(() -> {
      int count = thread.await(runtime.metadata().topic(topic), "partitions of " + topic).partitions().size();
      return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    });
  }

  @Override
  public void seek(TopicPartition partition, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    thread.run(() -> assigned(partition).seek(offset));
  }

  @Override
  public void seekToBeginning(Collection<TopicPartition> partitions) {
    resetTo(partitions, OffsetSpec.earliest());
  }

  @Override
  public void seekToEnd(Collection<TopicPartition> partitions) {
    resetTo(partitions, OffsetSpec.latest());
  }

  private void resetTo(Collection<TopicPartition> partitions, OffsetSpec spec) {
    thread.run(() -> {
      Collection<TopicPartition> targets = partitions.isEmpty() ? states.keySet() : partitions;
      targets.forEach(tp -> assigned(tp).requestReset(spec));
    });
  }

  @Override
  public long position(TopicPartition partition) {
    return thread.call(() -> {
      PartitionState st = assigned(partition);
      long deadline = runtime.nowMs() + runtime.config().defaultApiTimeout().toMillis();
      while (!st.hasPosition()) {
        thread.runTasks();
        throwPendingErrors();
        startResets();
        if (st.hasPosition()) {
          break;
        }
        if (!thread.awaitTask(deadline - runtime.nowMs())) {
          throw new TimeoutException("position of " + partition + " not known within default.api.timeout.ms");
        }
      }
      return st.position();
    });
  }

  @Override
  public Map<TopicPartition, Optional<OffsetAndTimestamp>> offsetsForTimes(Map<TopicPartition, Long> timestampsMs) {
    Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
    timestampsMs.forEach((tp, ts) -> specs.put(tp, OffsetSpec.forTimestamp(ts)));
    Map<TopicPartition, Optional<OffsetAndTimestamp>> out = new LinkedHashMap<>();
    lookup(specs).forEach((tp, listed) -> out.put(tp, listed.offset() < 0 ? Optional.empty()
        : Optional.of(new OffsetAndTimestamp(listed.offset(), listed.timestampMs()))));
    return out;
  }

  @Override
  public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
    return offsetsOf(partitions, OffsetSpec.earliest());
  }

  @Override
  public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    return offsetsOf(partitions, OffsetSpec.latest());
  }

  private Map<TopicPartition, Long> offsetsOf(Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
    partitions.forEach(tp -> specs.put(tp, spec));
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    lookup(specs).forEach((tp, listed) -> out.put(tp, listed.offset()));
    return out;
  }

  private Map<TopicPartition, ListedOffset> lookup(Map<TopicPartition, OffsetSpec> specs) {
    return thread.call(() -> thread.await(offsets.lookup(specs), "offset lookup"));
  }

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    return thread.call(() -> {
      long deadline = runtime.nowMs() + Math.max(0, timeout.toMillis());
      while (true) {
        thread.runTasks();
        throwPendingErrors();
        startResets();
        runtime.metadata().maybeRefresh();
        group.doDueWork();
        ConsumerRecords<K, V> records = collector.collect(states.values());
        fetcher.sendFetches(states);
        if (!records.isEmpty()) {
          return records;
        }
        long remaining = deadline - runtime.nowMs();
        if (remaining <= 0) {
          return ConsumerRecords.<K, V>empty();
        }
        long wait = fetcher.hasInFlight() ? remaining
            : Math.min(remaining, Math.max(10, runtime.config().retryBackoff().toMillis()));
        if (group.isSubscribed()) {
          wait = Math.min(wait, GROUP_WORK_INTERVAL_MS);
        }
        thread.awaitTask(wait);
      }
    });
  }

  private void startResets() {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    Map<TopicPartition, Integer> epochs = new HashMap<>();
    for (PartitionState st : states.values()) {
      if (st.pendingReset() != null && !st.resetInFlight()) {
        st.resetInFlight(true);
        specs.put(st.tp(), st.pendingReset());
        epochs.put(st.tp(), st.epoch());
      }
    }
    if (specs.isEmpty()) {
      return;
    }
    offsets.lookup(specs).whenComplete((found, error) -> thread.post(() -> onResetAnswer(epochs, found, error)));
  }

  private void onResetAnswer(Map<TopicPartition, Integer> epochs, Map<TopicPartition, ListedOffset> found,
                             Throwable error) {
    epochs.forEach((tp, epoch) -> {
      PartitionState st = states.get(tp);
      if (st == null || st.epoch() != epoch) {
        return;
      }
      st.resetInFlight(false);
      if (error != null) {
        StrandException mapped = ErrorMapper.fromThrowable(error, "looking up the start offset of " + tp);
        if (!ErrorMapper.isRetriable(mapped)) {
          st.fail(mapped);
        }
      } else {
        st.seek(Math.max(0, found.get(tp).offset()));
      }
    });
  }

  private void throwPendingErrors() {
    thread.checkWakeup();
    for (PartitionState st : states.values()) {
      StrandException e = st.takeError();
      if (e != null) {
        throw e;
      }
    }
  }

  @Override
  public void pause(Collection<TopicPartition> partitions) {
    thread.run(() -> partitions.forEach(tp -> assigned(tp).paused(true)));
  }

  @Override
  public void resume(Collection<TopicPartition> partitions) {
    thread.run(() -> partitions.forEach(tp -> assigned(tp).paused(false)));
  }

  @Override
  public Set<TopicPartition> paused() {
    return thread.call(() -> {
      Set<TopicPartition> out = new LinkedHashSet<>();
      states.values().stream().filter(PartitionState::paused).forEach(st -> out.add(st.tp()));
      return out;
    });
  }

  @Override
  public void wakeup() {
    thread.wakeup();
  }

  @Override
  public void close() {
    if (thread.isClosed()) {
      return;
    }
    thread.acquire();
    try {
      try {
        group.leave();
      } catch (StrandException e) {
        // Best effort: the coordinator evicts the member after its session timeout.
      }
      fetcher.close();
      states.clear();
      thread.close();
      unsubscribeMetadata.run();
      onClose.run();
    } finally {
      thread.release();
    }
  }

  private PartitionState assigned(TopicPartition tp) {
    PartitionState st = states.get(tp);
    if (st == null) {
      throw new IllegalStateException(tp + " is not assigned to this consumer");
    }
    return st;
  }
}
