package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.MemberRemovalReason;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.assignor.Assignment;
import io.strand.store.offsets.assignor.Assignors;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Handles member heartbeats and removals: join, update subscription, epoch fencing, group epoch bump, target
 * assignment, one reconciliation step, leave and eviction. Reads the state, never writes it. Stateless apart from
 * its config; thread-safe.
 */
final class HeartbeatHandler {
  private final OffsetsConfig config;

  HeartbeatHandler(OffsetsConfig config) {
    this.config = config;
  }

  CoordinatorResult<HeartbeatResponse> heartbeat(CoordinatorState state, HeartbeatRequest req, TopicsView topics,
      long nowMs) {
    Optional<String> invalid = validate(req);
    if (invalid.isPresent()) {
      return failed(ErrorCode.ERROR_CODE_INVALID_REQUEST, invalid.get(), req);
    }
    Optional<ConsumerGroup> group = state.groups().group(req.groupId());
    if (req.memberEpoch() == HeartbeatRequest.LEAVE_EPOCH) {
      return removeMember(group, req.memberId(), MemberRemovalReason.MEMBER_REMOVAL_REASON_LEFT, topics, nowMs);
    }
    Optional<GroupMember> existing = group.flatMap(g -> g.member(req.memberId()));
    if (req.memberEpoch() != HeartbeatRequest.JOIN_EPOCH) {
      if (existing.isEmpty()) {
        return failed(ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID, "member " + req.memberId() + " is not in group "
            + req.groupId() + "; rejoin with epoch 0", req);
      }
      if (!epochAccepted(existing.get(), req)) {
        return failed(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH, "member epoch " + req.memberEpoch()
            + " is stale; the member is at epoch " + existing.get().memberEpoch() + "; rejoin with epoch 0", req);
      }
    }
    GroupTransaction tx = group.map(GroupTransaction::of)
        .orElseGet(() -> GroupTransaction.create(req.groupId(), config.defaultAssignor(), nowMs));
    boolean membershipChanged = updateMetadata(tx, existing, req);
    if (existing.isPresent() && req.memberEpoch() == HeartbeatRequest.JOIN_EPOCH) {
      // A rejoin: the old incarnation was fenced and dropped its partitions, so release them before reconciling.
      tx.append(Records.currentAssignment(req.groupId(), existing.get()
          .withCurrentAssignment(0, 0, MemberState.STABLE, Assignment.EMPTY,
              Assignment.EMPTY)));
    }
    GroupMetadataRefresher.refresh(tx, topics, nowMs, membershipChanged, config);
    TargetAssignmentBuilder.maybeUpdate(tx, config);
    GroupMember member = tx.group().member(req.memberId()).orElseThrow();
    GroupMember next = CurrentAssignmentBuilder.reconcile(tx.group(), member, req.ownedPartitions());
    if (next != member) {
      tx.append(Records.currentAssignment(req.groupId(), next));
    }
    return new CoordinatorResult<>(tx.records(), new HeartbeatResponse(ErrorCode.ERROR_CODE_NONE, "",
        req.memberId(), next.memberEpoch(), config.effectiveHeartbeatIntervalMs(next.sessionTimeoutMs()),
        next.assigned()));
  }

  /**
   * Removes a member (clean leave, session expiry or revocation timeout) and recomputes the target at once, so its
   * partitions go to the others on their next heartbeat. Removing an unknown member writes nothing.
   */
  CoordinatorResult<HeartbeatResponse> removeMember(Optional<ConsumerGroup> group, String memberId,
      MemberRemovalReason reason, TopicsView topics, long nowMs) {
    HeartbeatResponse left = new HeartbeatResponse(ErrorCode.ERROR_CODE_NONE, "", memberId,
        HeartbeatRequest.LEAVE_EPOCH, config.heartbeatIntervalMs(),
        Assignment.EMPTY);
    if (group.isEmpty() || group.get().member(memberId).isEmpty()) {
      return CoordinatorResult.of(left);
    }
    GroupTransaction tx = GroupTransaction.of(group.get());
    tx.append(Records.memberRemoved(tx.groupId(), memberId, reason));
    GroupMetadataRefresher.refresh(tx, topics, nowMs, true, config);
    TargetAssignmentBuilder.maybeUpdate(tx, config);
    return new CoordinatorResult<>(tx.records(), left);
  }

  /** Same epoch, or the previous epoch of a member whose bump response was lost (it owns no new partitions). */
  private static boolean epochAccepted(GroupMember m, HeartbeatRequest req) {
    if (req.memberEpoch() == m.memberEpoch()) {
      return true;
    }
    return req.memberEpoch() == m.previousMemberEpoch()
        && req.ownedPartitions().isPresent()
        && m.assigned().containsAll(req.ownedPartitions().get());
  }

  /** Emits member metadata if new or changed; returns whether membership or the subscription changed. */
  private boolean updateMetadata(GroupTransaction tx, Optional<GroupMember> existing, HeartbeatRequest req) {
    GroupMember base = existing.orElseGet(() -> GroupMember.joined(req.memberId()));
    Optional<Subscription> sub = req.subscription();
    List<String> topics = sub.map(s -> List.copyOf(new TreeSet<>(s.topicNames())))
        .orElse(base.subscribedTopicNames());
    GroupMember updated = base.withMetadata(
        req.clientId().isEmpty() ? base.clientId() : req.clientId(),
        req.clientHost().isEmpty() ? base.clientHost() : req.clientHost(),
        topics,
        sub.map(Subscription::topicRegex).orElse(base.subscribedTopicRegex()),
        sub.map(Subscription::serverAssignor).orElse(base.serverAssignor()),
        req.sessionTimeoutMs() > 0 || existing.isEmpty()
            ? config.effectiveSessionTimeoutMs(req.sessionTimeoutMs()) : base.sessionTimeoutMs(),
        req.rebalanceTimeoutMs() > 0 || existing.isEmpty()
            ? config.effectiveRebalanceTimeoutMs(req.rebalanceTimeoutMs()) : base.rebalanceTimeoutMs());
    if (existing.isEmpty() || !updated.equals(base)) {
      tx.append(Records.memberMetadata(tx.groupId(), updated));
    }
    return existing.isEmpty() || !updated.sameSubscription(base);
  }

  private static Optional<String> validate(HeartbeatRequest req) {
    if (req.groupId().isEmpty()) {
      return Optional.of("group id must not be empty");
    }
    if (req.memberId().isEmpty()) {
      return Optional.of("member id must not be empty (clients generate one, e.g. a UUID)");
    }
    if (req.memberEpoch() < HeartbeatRequest.LEAVE_EPOCH) {
      return Optional.of("member epoch must be >= -1, was " + req.memberEpoch());
    }
    if (req.memberEpoch() == HeartbeatRequest.JOIN_EPOCH && req.subscription().isEmpty()) {
      return Optional.of("a joining member (epoch 0) must send its subscription");
    }
    if (req.subscription().isPresent()) {
      Subscription s = req.subscription().get();
      if (!SubscriptionResolver.isValidRegex(s.topicRegex())) {
        return Optional.of("subscription regex does not compile: " + s.topicRegex());
      }
      if (!s.serverAssignor().isEmpty() && Assignors.byName(s.serverAssignor()).isEmpty()) {
        return Optional.of("unknown assignor " + s.serverAssignor() + "; known: " + Assignors.names());
      }
    }
    return Optional.empty();
  }

  private CoordinatorResult<HeartbeatResponse> failed(ErrorCode code, String message, HeartbeatRequest req) {
    return CoordinatorResult.of(HeartbeatResponse.failed(code, message, req.memberId(), config.heartbeatIntervalMs()));
  }
}
