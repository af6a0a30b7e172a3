package io.strand.client.internal.consumer;

import io.strand.client.TopicPartition;
import io.strand.client.admin.ListedOffset;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.consumer.OffsetAndTimestamp;
import io.strand.client.consumer.OffsetCommitCallback;
import io.strand.client.consumer.OffsetResetStrategy;
import io.strand.client.error.InterruptException;
import io.strand.client.error.SerializationException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import io.strand.client.error.WakeupException;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.ErrorMapper;
import io.strand.client.internal.OffsetLookup;
import io.strand.client.serialization.Deserializer;
import io.strand.record.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The {@link Consumer} implementation. All state lives on the application's polling thread; fetch and
 * offset-lookup answers arrive on gRPC threads and are queued as tasks that the next {@code poll} (or
 * blocking call) runs, so no lock is needed.
 *
 * <p>Not API. Not thread-safe except {@link #wakeup}; concurrent use is detected and refused.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StrandConsumer<K, V> implements Consumer<K, V> {
  private static final long NO_OWNER = -1;
  /** Longest a poll waits before checking for a due heartbeat or auto-commit. */
  private static final long GROUP_WORK_INTERVAL_MS = 100;

  private final ClientRuntime runtime;
  private final ConsumerConfig config;
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;
  private final Runnable onClose;
  private final OffsetLookup offsets;
  private final Fetcher fetcher;
  private final Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final AtomicBoolean wakeupRequested = new AtomicBoolean();
  private final AtomicLong owner = new AtomicLong(NO_OWNER);
  private final Runnable unsubscribeMetadata;
  private final GroupMembership group;
  private boolean closed;
  private int rotation;
  private long nextAutoCommitMs;

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
    this.keyDeserializer = keyDeserializer;
    this.valueDeserializer = valueDeserializer;
    this.onClose = onClose;
    this.offsets = new OffsetLookup(runtime);
    this.fetcher = new Fetcher(runtime, config, tasks::add);
    this.unsubscribeMetadata = runtime.metadata().onUpdate(() -> tasks.add(() -> { }));
    this.group = config.groupId().isEmpty() ? null
        : new GroupMembership(runtime, config.groupId(), config.sessionTimeoutMs(), tasks::add, new Assignee());
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    startSubscription(topics, null, listener);
  }

  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
    startSubscription(List.of(), pattern, listener);
  }

  private void startSubscription(Collection<String> topics, Pattern pattern, ConsumerRebalanceListener listener) {
    acquire();
    try {
      GroupMembership g = requireGroup("subscribe");
      if (!g.isActive() && !states.isEmpty()) {
        throw new IllegalStateException("partitions were assigned manually; assign(List.of()) before subscribe");
      }
      topics.forEach(t -> runtime.metadata().track(t));
      g.subscribe(topics, pattern, listener);
      nextAutoCommitMs = runtime.nowMs() + config.autoCommitInterval().toMillis();
    } finally {
      release();
    }
  }

  @Override
  public void unsubscribe() {
    acquire();
    try {
      if (group != null) {
        group.leave(config.enableAutoCommit());
      }
    } finally {
      release();
    }
  }

  @Override
  public Set<String> subscription() {
    acquire();
    try {
      return group == null || !group.isActive() ? Set.of() : Set.copyOf(group.topics());
    } finally {
      release();
    }
  }

  @Override
  public void commitSync() {
    acquire();
    try {
      commitNow(positions(states.keySet()));
    } finally {
      release();
    }
  }

  @Override
  public void commitSync(Map<TopicPartition, Long> offsets) {
    acquire();
    try {
      commitNow(offsets);
    } finally {
      release();
    }
  }

  @Override
  public void commitAsync() {
    acquire();
    try {
      sendCommit(positions(states.keySet()), null);
    } finally {
      release();
    }
  }

  @Override
  public void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
    acquire();
    try {
      sendCommit(Map.copyOf(offsets), callback);
    } finally {
      release();
    }
  }

  @Override
  public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    acquire();
    try {
      return await(requireGroup("committed").calls().committed(partitions), "committed offsets");
    } finally {
      release();
    }
  }

  private void commitNow(Map<TopicPartition, Long> offsets) {
    if (!offsets.isEmpty()) {
      await(commitCall(offsets), "commit");
    }
  }

  private void sendCommit(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
    if (offsets.isEmpty()) {
      return;
    }
    commitCall(offsets).whenComplete((v, error) -> {
      if (callback != null) {
        tasks.add(() -> callback.onComplete(offsets, error == null ? null
            : ErrorMapper.fromThrowable(error, "commit")));
      }
    });
  }

  private CompletableFuture<Void> commitCall(Map<TopicPartition, Long> offsets) {
    GroupMembership g = requireGroup("commit");
    boolean member = g.isActive() && g.epoch() > 0;
    return g.calls().commit(member ? g.memberId() : "", member ? g.epoch() : -1, offsets);
  }

  private Map<TopicPartition, Long> positions(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionState st = states.get(tp);
      if (st != null && st.hasPosition()) {
        out.put(tp, st.position());
      }
    }
    return out;
  }

  private GroupMembership requireGroup(String operation) {
    if (group == null) {
      throw new IllegalStateException(operation + " needs " + ConsumerConfig.GROUP_ID + " to be set");
    }
    return group;
  }

  private void groupWork() {
    if (group == null || !group.isActive()) {
      return;
    }
    group.maybeHeartbeat();
    if (config.enableAutoCommit() && runtime.nowMs() >= nextAutoCommitMs) {
      nextAutoCommitMs = runtime.nowMs() + config.autoCommitInterval().toMillis();
      sendCommit(positions(states.keySet()), null);
    }
  }

  /** Applies the group's assignment changes to the partition states. */
  private final class Assignee implements GroupMembership.Assignee {
    @Override
    public void addPartitions(Collection<TopicPartition> partitions, Map<TopicPartition, Long> committed) {
      for (TopicPartition tp : partitions) {
        runtime.metadata().track(tp.topic());
        PartitionState st = new PartitionState(tp, initialReset());
        Long offset = committed.get(tp);
        if (offset != null) {
          st.seek(offset);
        }
        states.put(tp, st);
      }
    }

    @Override
    public void removePartitions(Collection<TopicPartition> partitions) {
      states.keySet().removeAll(partitions);
    }

    @Override
    public void commitBeforeRevocation(Collection<TopicPartition> partitions) {
      if (config.enableAutoCommit()) {
        try {
          commitNow(positions(partitions));
        } catch (StrandException e) {
          // Fenced or unreachable: the next owner starts from the last successful commit (at-least-once).
        }
      }
    }

    @Override
    public <T> T await(CompletableFuture<T> future, String what) {
      return StrandConsumer.this.await(future, what);
    }
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    acquire();
    try {
      if (group != null && group.isActive()) {
        throw new IllegalStateException("the consumer is subscribed; unsubscribe before assigning partitions");
      }
      Set<TopicPartition> wanted = new LinkedHashSet<>(partitions);
      states.keySet().retainAll(wanted);
      for (TopicPartition tp : wanted) {
        runtime.metadata().track(tp.topic());
        states.computeIfAbsent(tp, k -> new PartitionState(k, initialReset()));
      }
    } finally {
      release();
    }
  }

  private OffsetSpec initialReset() {
    return config.autoOffsetReset() == OffsetResetStrategy.EARLIEST ? OffsetSpec.earliest() : OffsetSpec.latest();
  }

  @Override
  public Set<TopicPartition> assignment() {
    acquire();
    try {
      return Set.copyOf(states.keySet());
    } finally {
      release();
    }
  }

  @Override
  public List<TopicPartition> partitionsFor(String topic) {
    acquire();
    try {
      int count = await(runtime.metadata().topic(topic), "partitions of " + topic).partitions().size();
      return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    } finally {
      release();
    }
  }

  @Override
  public void seek(TopicPartition partition, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    acquire();
    try {
      assigned(partition).seek(offset);
    } finally {
      release();
    }
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
    acquire();
    try {
      Collection<TopicPartition> targets = partitions.isEmpty() ? states.keySet() : partitions;
      targets.forEach(tp -> assigned(tp).requestReset(spec));
    } finally {
      release();
    }
  }

  @Override
  public long position(TopicPartition partition) {
    acquire();
    try {
      PartitionState st = assigned(partition);
      long deadline = runtime.nowMs() + runtime.config().defaultApiTimeout().toMillis();
      while (!st.hasPosition()) {
        runTasks();
        throwPendingErrors();
        startResets();
        if (st.hasPosition()) {
          break;
        }
        if (!awaitTask(deadline - runtime.nowMs())) {
          throw new TimeoutException("position of " + partition + " not known within default.api.timeout.ms");
        }
      }
      return st.position();
    } finally {
      release();
    }
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
    acquire();
    try {
      return await(offsets.lookup(specs), "offset lookup");
    } finally {
      release();
    }
  }

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    acquire();
    try {
      long deadline = runtime.nowMs() + Math.max(0, timeout.toMillis());
      while (true) {
        runTasks();
        throwPendingErrors();
        startResets();
        runtime.metadata().maybeRefresh();
        groupWork();
        ConsumerRecords<K, V> records = collect();
        fetcher.sendFetches(states);
        if (!records.isEmpty()) {
          return records;
        }
        long remaining = deadline - runtime.nowMs();
        if (remaining <= 0) {
          return ConsumerRecords.empty();
        }
        long wait = fetcher.hasInFlight() ? remaining
            : Math.min(remaining, Math.max(10, runtime.config().retryBackoff().toMillis()));
        if (group != null && group.isActive()) {
          wait = Math.min(wait, GROUP_WORK_INTERVAL_MS);
        }
        awaitTask(wait);
      }
    } finally {
      release();
    }
  }

  private ConsumerRecords<K, V> collect() {
    Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
    List<PartitionState> order = new ArrayList<>(states.values());
    if (order.isEmpty()) {
      return ConsumerRecords.empty();
    }
    int start = Math.floorMod(rotation++, order.size());
    int budget = config.maxPollRecords();
    for (int i = 0; i < order.size() && budget > 0; i++) {
      PartitionState st = order.get((start + i) % order.size());
      if (st.paused() || !st.hasPosition()) {
        continue;
      }
      List<ConsumerRecord<K, V>> list = new ArrayList<>();
      PartitionState.Buffered b;
      while (budget > 0 && (b = st.peek()) != null) {
        if (b.record().offset() < st.position()) {
          st.skip(b);
          continue;
        }
        list.add(toConsumerRecord(st.tp(), b.record()));
        st.consumed(b);
        budget--;
      }
      if (!list.isEmpty()) {
        out.put(st.tp(), list);
      }
    }
    return new ConsumerRecords<>(out);
  }

  private ConsumerRecord<K, V> toConsumerRecord(TopicPartition tp, Record r) {
    K key;
    V value;
    try {
      key = keyDeserializer.deserialize(tp.topic(), r.key());
      value = valueDeserializer.deserialize(tp.topic(), r.value());
    } catch (SerializationException e) {
      throw new SerializationException("record " + tp + "@" + r.offset() + ": " + e.getMessage()
          + " (seek past it to continue)", e);
    } catch (RuntimeException e) {
      throw new SerializationException("could not deserialize record " + tp + "@" + r.offset() + ": " + e
          + " (seek past it to continue)", e);
    }
    return new ConsumerRecord<>(tp.topic(), tp.partition(), r.offset(), r.timestampMs(), key, value, r.headers(),
        r.key() == null ? -1 : r.key().length, r.value() == null ? -1 : r.value().length);
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
    offsets.lookup(specs).whenComplete((found, error) -> tasks.add(() -> onResetAnswer(epochs, found, error)));
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
    checkWakeup();
    for (PartitionState st : states.values()) {
      StrandException e = st.takeError();
      if (e != null) {
        throw e;
      }
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }

  private boolean awaitTask(long waitMs) {
    if (waitMs <= 0) {
      return false;
    }
    try {
      Runnable task = tasks.poll(waitMs, TimeUnit.MILLISECONDS);
      if (task != null) {
        task.run();
      }
      checkWakeup();
      return true;
    } catch (InterruptedException e) {
      throw new InterruptException("consumer poll", e);
    }
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    long deadline = runtime.nowMs() + runtime.config().defaultApiTimeout().toMillis();
    while (true) {
      checkWakeup();
      try {
        return future.get(Math.max(1, Math.min(100, deadline - runtime.nowMs())), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new InterruptException(what, e);
      } catch (ExecutionException e) {
        throw ErrorMapper.fromThrowable(e, what);
      } catch (java.util.concurrent.TimeoutException e) {
        if (runtime.nowMs() >= deadline) {
          throw new TimeoutException(what + " did not complete within default.api.timeout.ms");
        }
      }
    }
  }

  private void checkWakeup() {
    if (wakeupRequested.getAndSet(false)) {
      throw new WakeupException("consumer woken up");
    }
  }

  @Override
  public void pause(Collection<TopicPartition> partitions) {
    acquire();
    try {
      partitions.forEach(tp -> assigned(tp).paused(true));
    } finally {
      release();
    }
  }

  @Override
  public void resume(Collection<TopicPartition> partitions) {
    acquire();
    try {
      partitions.forEach(tp -> assigned(tp).paused(false));
    } finally {
      release();
    }
  }

  @Override
  public Set<TopicPartition> paused() {
    acquire();
    try {
      Set<TopicPartition> out = new LinkedHashSet<>();
      states.values().stream().filter(PartitionState::paused).forEach(st -> out.add(st.tp()));
      return out;
    } finally {
      release();
    }
  }

  @Override
  public void wakeup() {
    wakeupRequested.set(true);
    tasks.add(() -> { });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    acquire();
    try {
      if (group != null) {
        try {
          group.leave(config.enableAutoCommit());
        } catch (StrandException e) {
          // Best effort: the coordinator evicts the member after its session timeout.
        }
      }
      closed = true;
      fetcher.close();
      states.clear();
      tasks.clear();
      unsubscribeMetadata.run();
      onClose.run();
    } finally {
      owner.set(NO_OWNER);
    }
  }

  private PartitionState assigned(TopicPartition tp) {
    PartitionState st = states.get(tp);
    if (st == null) {
      throw new IllegalStateException(tp + " is not assigned to this consumer");
    }
    return st;
  }

  private void acquire() {
    long me = Thread.currentThread().getId();
    if (!owner.compareAndSet(NO_OWNER, me) && owner.get() != me) {
      throw new ConcurrentModificationException("the consumer is not safe for multi-threaded access");
    }
    if (closed) {
      owner.set(NO_OWNER);
      throw new IllegalStateException("the consumer is closed");
    }
  }

  private void release() {
    owner.set(NO_OWNER);
  }
}
