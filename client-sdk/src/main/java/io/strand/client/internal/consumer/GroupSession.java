package io.strand.client.internal.consumer;

import io.strand.client.TopicPartition;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.consumer.OffsetCommitCallback;
import io.strand.client.error.StrandException;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.ErrorMapper;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The consumer's side of its consumer group: the subscription (membership through {@link GroupMembership},
 * whose assignment changes it applies to the consumer's partition states), offset commits (sync, async, on
 * the auto-commit interval and before a revocation) and committed-offset reads. Without
 * {@code group.id} every group operation is refused.
 *
 * <p>Not API. Confined to the consumer's polling thread; group answers arrive as tasks on that thread.
 */
final class GroupSession {
  private final ClientRuntime runtime;
  private final ConsumerConfig config;
  private final PollingThread thread;
  private final Map<TopicPartition, PartitionState> states;
  private final GroupMembership membership;
  private long nextAutoCommitMs;

  /**
   * @param states the consumer's partition states, shared: the group adds and removes assigned partitions
   *     and commits their positions
   */
  GroupSession(ClientRuntime runtime, ConsumerConfig config, PollingThread thread,
               Map<TopicPartition, PartitionState> states) {
    this.runtime = runtime;
    this.config = config;
    this.thread = thread;
    this.states = states;
    this.membership = config.groupId().isEmpty() ? null
        : new GroupMembership(runtime, config.groupId(), config.sessionTimeoutMs(), thread::post, new Assignee());
  }

  /** True while the consumer is subscribed (partitions come from the group, not from {@code assign}). */
  boolean isSubscribed() {
    return membership != null && membership.isActive();
  }

  void subscribe(Collection<String> topics, Pattern pattern, ConsumerRebalanceListener listener) {
    GroupMembership g = requireGroup("subscribe");
    if (!g.isActive() && !states.isEmpty()) {
      throw new IllegalStateException("partitions were assigned manually; assign(List.of()) before subscribe");
    }
    topics.forEach(t -> runtime.metadata().track(t));
    g.subscribe(topics, pattern, listener);
    nextAutoCommitMs = runtime.nowMs() + config.autoCommitInterval().toMillis();
  }

  /** Leaves the group (committing first when auto-commit is on); nothing without a group. */
  void leave() {
    if (membership != null) {
      membership.leave(config.enableAutoCommit());
    }
  }

  Set<String> subscription() {
    return isSubscribed() ? Set.copyOf(membership.topics()) : Set.of();
  }

  /** Heartbeats and auto-commits when due; called on every turn of the poll loop. */
  void doDueWork() {
    if (!isSubscribed()) {
      return;
    }
    membership.maybeHeartbeat();
    if (config.enableAutoCommit() && runtime.nowMs() >= nextAutoCommitMs) {
      nextAutoCommitMs = runtime.nowMs() + config.autoCommitInterval().toMillis();
      sendCommit(positions(states.keySet()), null);
    }
  }

  /** Commits the positions of every assigned partition and waits. */
  void commitPositions() {
    commitNow(positions(states.keySet()));
  }

  /** Commits the positions of every assigned partition without waiting. */
  void commitPositionsAsync() {
    sendCommit(positions(states.keySet()), null);
  }

  /** Commits {@code offsets} and waits. */
  void commitNow(Map<TopicPartition, Long> offsets) {
    if (!offsets.isEmpty()) {
      thread.await(commitCall(offsets), "commit");
    }
  }

  /** Commits {@code offsets}; the callback (if any) runs on the polling thread. */
  void sendCommit(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
    if (offsets.isEmpty()) {
      return;
    }
    commitCall(offsets).whenComplete((v, error) -> {
      if (callback != null) {
        thread.post(() -> callback.onComplete(offsets, error == null ? null
            : ErrorMapper.fromThrowable(error, "commit")));
      }
    });
  }

  Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    return thread.await(requireGroup("committed").calls().committed(partitions), "committed offsets");
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
    if (membership == null) {
      throw new IllegalStateException(operation + " needs " + ConsumerConfig.GROUP_ID + " to be set");
    }
    return membership;
  }

  /** Applies the group's assignment changes to the partition states. */
  private final class Assignee implements GroupMembership.Assignee {
    @Override
    public void addPartitions(Collection<TopicPartition> partitions, Map<TopicPartition, Long> committed) {
      for (TopicPartition tp : partitions) {
        runtime.metadata().track(tp.topic());
        PartitionState st = new PartitionState(tp, PartitionState.initialReset(config.autoOffsetReset()));
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
      return thread.await(future, what);
    }
  }
}
