package io.strand.store.partition;

import java.time.Duration;
import java.util.List;

/**
 * How well one partition's Raft group replicates, as this replica sees it: its commit index and, on the leader,
 * each follower's acknowledged commit index and the time since the follower last answered. The leader decides
 * whether the partition is under-replicated: some follower is lagging by {@link LagLimits}.
 *
 * @param leader whether this replica leads the group
 * @param commitIndex this replica's Raft commit index (a Raft log index, not a record offset); -1 if unknown
 * @param followers on the leader, one entry per follower; empty on followers and when unknown
 * @param limits when a follower counts as lagging
 */
public record ReplicationStatus(boolean leader, long commitIndex, List<Follower> followers, LagLimits limits) {

  /** For replicas that are starting, stopping or offline: no leadership, nothing known. */
  public static final ReplicationStatus UNKNOWN =
      new ReplicationStatus(false, -1, List.of(), LagLimits.DEFAULT);

  /**
   * One follower, as its leader sees it.
   *
   * @param nodeId the follower's node id
   * @param commitIndex the commit index the follower last acknowledged (Raft log index)
   * @param lastResponseAgeMs milliseconds since the follower last answered the leader
   */
  public record Follower(int nodeId, long commitIndex, long lastResponseAgeMs) {}

  /**
   * When a follower is lagging: it has not answered for longer than {@code maxResponseAge}, or its acknowledged
   * commit index is more than {@code maxLagEntries} behind the leader's.
   *
   * @param maxResponseAge silence that makes a follower lagging; a few election timeouts, so that a healthy
   *     follower, which answers every heartbeat, never counts
   * @param maxLagEntries Raft entries a follower may trail the leader's commit index by; under load a healthy
   *     follower trails by about the entries in flight
   */
  public record LagLimits(Duration maxResponseAge, long maxLagEntries) {
    /** 2 x the default maximum election timeout (2 s), and 1000 entries (Ratis' own catch-up gap). */
    public static final LagLimits DEFAULT = new LagLimits(Duration.ofSeconds(4), 1000);

    /** Limits for a group with the given maximum election timeout. */
    public static LagLimits forElectionTimeout(Duration electionTimeoutMax) {
      return new LagLimits(electionTimeoutMax.multipliedBy(2), DEFAULT.maxLagEntries());
    }
  }

  public ReplicationStatus {
    followers = List.copyOf(followers);
  }

  /** Whether a follower is lagging by this status's limits. */
  public boolean isLagging(Follower follower) {
    return follower.lastResponseAgeMs() > limits.maxResponseAge().toMillis()
        || commitIndex - follower.commitIndex() > limits.maxLagEntries();
  }

  /** On the leader: whether any follower is lagging. Always false on followers (only leaders count). */
  public boolean isUnderReplicated() {
    return leader && followers.stream().anyMatch(this::isLagging);
  }

  /** On the leader: the largest gap between its commit index and a follower's, in Raft entries; else 0. */
  public long maxFollowerLagEntries() {
    return followers.stream().mapToLong(f -> Math.max(0, commitIndex - f.commitIndex())).max().orElse(0);
  }
}
