package io.strand.store.offsets;

import io.strand.internal.proto.OffsetsRecord;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.assignor.Assignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link GroupCoordinator} the way the runtime does (apply each result's records, in order) and simulates
 * well-behaved members that do exactly what the responses say. After every step it checks that no partition has
 * two owners, neither on the server nor among the simulated clients.
 */
final class GroupSim {
  final GroupCoordinator coordinator;
  final CoordinatorState state = new CoordinatorState();
  final List<OffsetsRecord> log = new ArrayList<>();
  final Map<String, Member> members = new LinkedHashMap<>();
  TopicsView topics;
  long now = 1_000_000L;

  GroupSim(OffsetsConfig config, Map<String, Integer> topics) {
    this.coordinator = new GroupCoordinator(config);
    this.topics = TopicsView.of(topics);
  }

  <R> R apply(CoordinatorResult<R> result) {
    state.applyAll(result.records());
    log.addAll(result.records());
    checkNoDoubleOwnership();
    return result.response();
  }

  Member join(String group, String memberId, Subscription subscription) {
    Member m = new Member(group, memberId);
    members.put(memberId, m);
    m.send(HeartbeatRequest.join(group, memberId, subscription));
    return m;
  }

  /** Heartbeats every live member once, in insertion order. */
  void round() {
    members.values().stream().filter(m -> m.alive).forEach(Member::heartbeat);
  }

  /** Rounds until the group is stable, failing after {@code max}. */
  int roundsUntilStable(String group, int max) {
    for (int i = 1; i <= max; i++) {
      round();
      if (state.groups().group(group).orElseThrow().state() == GroupState.STABLE) {
        return i;
      }
    }
    throw new AssertionError("group " + group + " not stable after " + max + " rounds: "
        + state.groups().group(group).orElseThrow().members());
  }

  ConsumerGroup group(String group) {
    return state.groups().group(group).orElseThrow();
  }

  private void checkNoDoubleOwnership() {
    for (ConsumerGroup g : state.groups().groups().values()) {
      Map<TopicPartition, String> serverOwners = new HashMap<>();
      g.members().values().forEach(m -> m.owned().forEach((t, p) -> {
        String other = serverOwners.put(new TopicPartition(t, p), m.memberId());
        if (other != null) {
          throw new AssertionError("server: " + t + "-" + p + " owned by " + other + " and " + m.memberId());
        }
      }));
    }
    Map<String, String> clientOwners = new HashMap<>();
    members.values().stream().filter(m -> m.alive).forEach(m -> m.owned.forEach((t, p) -> {
      String other = clientOwners.put(m.group + "/" + t + "-" + p, m.id);
      if (other != null) {
        throw new AssertionError("clients: " + t + "-" + p + " owned by " + other + " and " + m.id);
      }
    }));
  }

  /** A simulated consumer that follows the protocol exactly. */
  final class Member {
    final String group;
    final String id;
    int epoch;
    Assignment owned = Assignment.EMPTY;
    boolean alive = true;
    /** Partitions this member ever had taken away, in order. */
    final List<Assignment> revocations = new ArrayList<>();
    HeartbeatResponse last;

    Member(String group, String id) {
      this.group = group;
      this.id = id;
    }

    HeartbeatResponse heartbeat() {
      return send(HeartbeatRequest.heartbeat(group, id, epoch, owned));
    }

    HeartbeatResponse send(HeartbeatRequest req) {
      last = apply(coordinator.heartbeat(state, req, topics, now));
      if (last.isSuccess() && last.memberEpoch() >= 0) {
        Assignment lost = owned.minus(last.assignment());
        if (!lost.isEmpty()) {
          revocations.add(lost);
        }
        epoch = last.memberEpoch();
        owned = last.assignment();
      }
      return last;
    }

    HeartbeatResponse leave() {
      alive = false;
      owned = Assignment.EMPTY;
      return apply(coordinator.heartbeat(state, HeartbeatRequest.leave(group, id), topics, now));
    }

    /** The process dies: no more heartbeats, and its ownership no longer counts. */
    void kill() {
      alive = false;
      owned = Assignment.EMPTY;
    }

    OffsetCommitResponse commit(String topic, int partition, long offset) {
      return apply(coordinator.commitOffsets(state, OffsetCommitRequest.member(group, id, epoch,
          List.of(OffsetCommitRequest.PartitionOffset.of(topic, partition, offset))), topics, now));
    }
  }
}
