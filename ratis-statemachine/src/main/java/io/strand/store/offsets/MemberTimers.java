package io.strand.store.offsets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coordinator's leader-local liveness timers: each member's session deadline (pushed back by every heartbeat)
 * and, while a member owes a revocation, its revocation deadline. Timers are not replicated, like Kafka's: a new
 * coordinator gives every member a full session from the moment it takes over. Time is passed in, so the class is
 * deterministic. Not thread-safe: the runtime's single coordinator thread owns it.
 */
final class MemberTimers {
  /** Why a member is due for eviction. */
  enum Reason {
    SESSION,
    REVOCATION
  }

  /**
   * A member whose deadline passed.
   *
   * @param groupId the group
   * @param memberId the member
   * @param reason which deadline
   * @param memberEpoch for REVOCATION, the epoch at which the member owed the revocation; -1 for SESSION
   */
  record Expiry(String groupId, String memberId, Reason reason, int memberEpoch) {}

  private record RevocationDeadline(int memberEpoch, long deadlineMs) {}

  /** Per group: member to session deadline, and member to revocation deadline. */
  private static final class GroupTimers {
    final Map<String, Long> sessions = new HashMap<>();
    final Map<String, RevocationDeadline> revocations = new HashMap<>();
  }

  private final Map<String, GroupTimers> groups = new HashMap<>();

  /** Starts fresh for a new leadership: every member gets a full session and rebalance timeout from now. */
  void reset(CoordinatorState state, long nowMs) {
    groups.clear();
    state.groups().groups().values().forEach(g -> {
      g.members().values().forEach(m -> timers(g.groupId()).sessions.put(m.memberId(), nowMs + m.sessionTimeoutMs()));
      sync(g, nowMs);
    });
  }

  /** A successful heartbeat: the member's session restarts. */
  void heartbeat(String groupId, GroupMember member, long nowMs) {
    timers(groupId).sessions.put(member.memberId(), nowMs + member.sessionTimeoutMs());
  }

  /**
   * Brings the group's timers in line with its state: drops timers of members that left, starts a revocation
   * timer for a member that now owes a revocation (restarting it if the epoch moved), clears it otherwise.
   */
  void sync(ConsumerGroup group, long nowMs) {
    GroupTimers t = timers(group.groupId());
    t.sessions.keySet().removeIf(id -> group.member(id).isEmpty());
    t.revocations.keySet().removeIf(id -> group.member(id)
        .map(m -> m.state() != MemberState.UNREVOKED_PARTITIONS).orElse(true));
    group.members().values().forEach(m -> {
      if (m.state() == MemberState.UNREVOKED_PARTITIONS) {
        RevocationDeadline d = t.revocations.get(m.memberId());
        if (d == null || d.memberEpoch() != m.memberEpoch()) {
          t.revocations.put(m.memberId(), new RevocationDeadline(m.memberEpoch(), nowMs + m.rebalanceTimeoutMs()));
        }
      }
    });
    if (t.sessions.isEmpty() && t.revocations.isEmpty()) {
      groups.remove(group.groupId());
    }
  }

  /** Drops every timer of a deleted group. */
  void forgetGroup(String groupId) {
    groups.remove(groupId);
  }

  /** Members whose deadline is at or before {@code nowMs}, ordered by group, member, then reason. */
  List<Expiry> due(long nowMs) {
    TreeMap<String, Expiry> out = new TreeMap<>();
    groups.forEach((groupId, t) -> {
      t.sessions.forEach((memberId, deadline) -> {
        if (deadline <= nowMs) {
          out.put(groupId + '\0' + memberId + "\0S", new Expiry(groupId, memberId, Reason.SESSION, -1));
        }
      });
      t.revocations.forEach((memberId, d) -> {
        if (d.deadlineMs() <= nowMs) {
          out.put(groupId + '\0' + memberId + "\0R", new Expiry(groupId, memberId, Reason.REVOCATION,
              d.memberEpoch()));
        }
      });
    });
    return new ArrayList<>(out.values());
  }

  /** Number of members with a running session timer. */
  int sessions() {
    return groups.values().stream().mapToInt(t -> t.sessions.size()).sum();
  }

  private GroupTimers timers(String groupId) {
    return groups.computeIfAbsent(groupId, g -> new GroupTimers());
  }
}
