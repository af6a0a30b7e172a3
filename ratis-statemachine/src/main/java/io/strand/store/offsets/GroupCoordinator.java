package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.MemberRemovalReason;
import io.strand.store.offsets.assignor.Assignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The group coordinator's decision logic for one offsets partition, in the style of Kafka's CoordinatorShard: every
 * write operation takes the current {@link CoordinatorState}, a request, the cluster's topics and the time, and
 * returns a {@link CoordinatorResult} with the records to append and the response to send once they commit. Read
 * operations return values straight from the state. Nothing here mutates the state, reads a clock or keeps timers;
 * the caller ({@code OffsetsCoordinatorRuntime}) owns those.
 *
 * <p>Stateless apart from its config: thread-safe, provided callers do not mutate the state concurrently.
 */
public final class GroupCoordinator {
  private final OffsetsConfig config;
  private final HeartbeatHandler heartbeats;
  private final OffsetCommitHandler offsets;

  public GroupCoordinator(OffsetsConfig config) {
    this.config = config;
    this.heartbeats = new HeartbeatHandler(config);
    this.offsets = new OffsetCommitHandler(config);
  }

  public OffsetsConfig config() {
    return config;
  }

  /** A member's heartbeat: join, keep-alive, subscription change, revocation acknowledgement or leave. */
  public CoordinatorResult<HeartbeatResponse> heartbeat(CoordinatorState state, HeartbeatRequest request,
      TopicsView topics, long nowMs) {
    return heartbeats.heartbeat(state, request, topics, nowMs);
  }

  /** Evicts a member whose session expired (the caller tracks heartbeats). Writes nothing if the member is gone. */
  public CoordinatorResult<HeartbeatResponse> expireSession(CoordinatorState state, String groupId, String memberId,
      TopicsView topics, long nowMs) {
    return heartbeats.removeMember(state.groups().group(groupId), memberId,
        MemberRemovalReason.MEMBER_REMOVAL_REASON_SESSION_EXPIRED, topics, nowMs);
  }

  /**
   * Evicts a member that did not release revoked partitions within its rebalance timeout. Writes nothing unless
   * the member is still waiting to revoke at {@code memberEpoch}.
   */
  public CoordinatorResult<HeartbeatResponse> expireRevocation(CoordinatorState state, String groupId,
      String memberId, int memberEpoch, TopicsView topics, long nowMs) {
    Optional<ConsumerGroup> group = state.groups().group(groupId);
    boolean stillRevoking = group.flatMap(g -> g.member(memberId))
        .filter(m -> m.state() == MemberState.UNREVOKED_PARTITIONS && m.memberEpoch() == memberEpoch)
        .isPresent();
    if (!stillRevoking) {
      return CoordinatorResult.of(new HeartbeatResponse(ErrorCode.ERROR_CODE_NONE, "", memberId, memberEpoch,
          config.heartbeatIntervalMs(), Assignment.EMPTY));
    }
    return heartbeats.removeMember(group, memberId, MemberRemovalReason.MEMBER_REMOVAL_REASON_REVOCATION_TIMEOUT,
        topics, nowMs);
  }

  /** Commits offsets (member commits are fenced by member id and epoch). */
  public CoordinatorResult<OffsetCommitResponse> commitOffsets(CoordinatorState state, OffsetCommitRequest request,
      TopicsView topics, long nowMs) {
    return offsets.commit(state, request, topics, nowMs);
  }

  /** Committed offsets of a group: all, or only the given partitions; empty for an unknown group. */
  public Map<TopicPartition, OffsetAndMetadata> fetchOffsets(CoordinatorState state, String groupId,
      Optional<? extends Iterable<TopicPartition>> partitions) {
    return offsets.fetch(state, groupId, partitions);
  }

  /** Sets committed offsets of an empty (or unknown) group to exactly the given values. */
  public CoordinatorResult<GroupOperationResult> resetOffsets(CoordinatorState state, String groupId,
      Map<TopicPartition, Long> newOffsets, TopicsView topics, long nowMs) {
    return offsets.reset(state, groupId, newOffsets, topics, nowMs);
  }

  /** Expires offsets of long-empty groups and deletes empty groups without offsets; response = offsets removed. */
  public CoordinatorResult<Integer> expireOffsets(CoordinatorState state, long nowMs) {
    return offsets.expire(state, nowMs);
  }

  public List<GroupListing> listGroups(CoordinatorState state) {
    return GroupAdminHandler.list(state);
  }

  public Optional<GroupDescription> describeGroup(CoordinatorState state, String groupId) {
    return GroupAdminHandler.describe(state, groupId);
  }

  /** Deletes an empty group with its offsets. */
  public CoordinatorResult<GroupOperationResult> deleteGroup(CoordinatorState state, String groupId) {
    return GroupAdminHandler.delete(state, groupId);
  }
}
