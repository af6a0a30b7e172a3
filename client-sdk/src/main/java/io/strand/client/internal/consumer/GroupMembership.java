package io.strand.client.internal.consumer;

import io.strand.api.v1.ConsumerGroupHeartbeatRequest;
import io.strand.api.v1.ConsumerGroupHeartbeatResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.TopicPartitions;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.internal.ClientRuntime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One consumer's membership in its group (KIP-848 style): heartbeats from the polling thread, applies the
 * coordinator's incremental assignment (revoke first, acknowledge by reporting ownership, then take new
 * partitions), rejoins after being fenced, and leaves on unsubscribe/close.
 *
 * <p>Not API. Confined to the consumer's polling thread; heartbeat answers arrive as tasks on that thread.
 */
final class GroupMembership {

  /** What the membership changes in the consumer. */
  interface Assignee {
    /** Adds partitions, starting at the committed offsets given (others per auto.offset.reset). */
    void addPartitions(Collection<TopicPartition> partitions, Map<TopicPartition, Long> committed);

    /** Removes partitions from the consumer. */
    void removePartitions(Collection<TopicPartition> partitions);

    /** Commits the positions of these partitions and waits (auto-commit before revocation). */
    void commitBeforeRevocation(Collection<TopicPartition> partitions);

    /** Waits for a group call's answer on the polling thread. */
    <T> T await(CompletableFuture<T> future, String what);
  }

  private final ClientRuntime runtime;
  private final GroupCalls calls;
  private final String groupId;
  private final String memberId = UUID.randomUUID().toString();
  private final int sessionTimeoutMs;
  private final Consumer<Runnable> tasks;
  private final Assignee assignee;
  private List<String> topics = List.of();
  private String regex = "";
  private ConsumerRebalanceListener listener = ConsumerRebalanceListener.noop();
  private boolean subscriptionChanged;
  private int epoch;
  private Set<TopicPartition> owned = new TreeSet<>();
  private long nextHeartbeatMs;
  private boolean inFlight;
  private boolean active;

  GroupMembership(ClientRuntime runtime, String groupId, int sessionTimeoutMs, Consumer<Runnable> tasks,
                  Assignee assignee) {
    this.runtime = runtime;
    this.calls = new GroupCalls(runtime, groupId);
    this.groupId = groupId;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.tasks = tasks;
    this.assignee = assignee;
  }

  GroupCalls calls() {
    return calls;
  }

  void subscribe(Collection<String> topicNames, Pattern pattern, ConsumerRebalanceListener newListener) {
    topics = List.copyOf(topicNames);
    regex = pattern == null ? "" : pattern.pattern();
    listener = newListener;
    subscriptionChanged = true;
    active = true;
    nextHeartbeatMs = 0;
  }

  boolean isActive() {
    return active;
  }

  List<String> topics() {
    return topics;
  }

  String memberId() {
    return memberId;
  }

  int epoch() {
    return epoch;
  }

  Set<TopicPartition> owned() {
    return owned;
  }

  /** Sends a heartbeat when one is due; the answer is applied by a later task. */
  void maybeHeartbeat() {
    if (!active || inFlight || runtime.nowMs() < nextHeartbeatMs) {
      return;
    }
    inFlight = true;
    ConsumerGroupHeartbeatRequest.Builder b = ConsumerGroupHeartbeatRequest.newBuilder().setGroupId(groupId)
        .setMemberId(memberId).setMemberEpoch(epoch).setSessionTimeoutMs(sessionTimeoutMs)
        .setClientId(runtime.config().clientId()).setOwnedReported(true);
    if (subscriptionChanged || epoch == 0) {
      b.setSubscriptionChanged(true).addAllSubscribedTopicNames(topics).setSubscribedTopicRegex(regex);
    }
    owned.stream().collect(java.util.stream.Collectors.groupingBy(TopicPartition::topic, TreeMap::new,
            java.util.stream.Collectors.mapping(TopicPartition::partition, java.util.stream.Collectors.toList())))
        .forEach((t, ps) -> b.addOwnedPartitions(TopicPartitions.newBuilder().setTopic(t).addAllPartitions(ps)));
    int sentEpoch = epoch;
    calls.heartbeat(b.build()).whenComplete((response, error) -> tasks.accept(() -> {
      inFlight = false;
      if (error != null || !active) {
        nextHeartbeatMs = runtime.nowMs() + runtime.config().retryBackoff().toMillis();
      } else if (sentEpoch == epoch) {
        onHeartbeat(response);
      }
    }));
  }

  private void onHeartbeat(ConsumerGroupHeartbeatResponse response) {
    if (response.getError() == ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID
        || response.getError() == ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH) {
      // Fenced: the partitions may already be someone else's, so drop them without committing, then rejoin.
      release(owned, false);
      epoch = 0;
      nextHeartbeatMs = 0;
      return;
    }
    if (response.getError() != ErrorCode.ERROR_CODE_NONE) {
      nextHeartbeatMs = runtime.nowMs() + runtime.config().retryBackoff().toMillis();
      return;
    }
    subscriptionChanged = false;
    epoch = response.getMemberEpoch();
    Set<TopicPartition> target = new TreeSet<>();
    for (TopicPartitions tp : response.getAssignmentList()) {
      tp.getPartitionsList().forEach(p -> target.add(new TopicPartition(tp.getTopic(), p)));
    }
    List<TopicPartition> revoked = new ArrayList<>(owned);
    revoked.removeAll(target);
    List<TopicPartition> added = new ArrayList<>(target);
    added.removeAll(owned);
    if (!revoked.isEmpty()) {
      release(revoked, true);
    }
    if (!added.isEmpty()) {
      Map<TopicPartition, Long> committed = assignee.await(calls.committed(new LinkedHashSet<>(added)),
          "committed offsets of group " + groupId);
      assignee.addPartitions(added, committed);
      owned.addAll(added);
      listener.onPartitionsAssigned(List.copyOf(added));
    }
    // Acknowledge a revocation at once; otherwise wait for the coordinator's interval.
    nextHeartbeatMs = revoked.isEmpty() ? runtime.nowMs() + response.getHeartbeatIntervalMs() : 0;
  }

  private void release(Collection<TopicPartition> partitions, boolean commit) {
    List<TopicPartition> copy = List.copyOf(partitions);
    if (copy.isEmpty()) {
      return;
    }
    if (commit) {
      assignee.commitBeforeRevocation(copy);
    }
    listener.onPartitionsRevoked(copy);
    assignee.removePartitions(copy);
    owned.removeAll(copy);
  }

  /** Leaves the group: commits (if asked), revokes everything and tells the coordinator at once. */
  void leave(boolean commit) {
    if (!active) {
      return;
    }
    release(owned, commit && epoch > 0);
    active = false;
    if (epoch > 0) {
      try {
        assignee.await(calls.heartbeat(ConsumerGroupHeartbeatRequest.newBuilder().setGroupId(groupId)
            .setMemberId(memberId).setMemberEpoch(-1).build()), "leaving group " + groupId);
      } catch (RuntimeException e) {
        // The coordinator evicts the member after its session timeout anyway.
      }
    }
    epoch = 0;
  }
}
