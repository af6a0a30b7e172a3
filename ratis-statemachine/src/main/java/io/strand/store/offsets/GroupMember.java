package io.strand.store.offsets;

import io.strand.store.offsets.assignor.Assignment;
import java.util.List;
import java.util.Objects;

/**
 * A group member as the replicated state knows it: what it asked for (metadata) and where it is in reconciliation
 * (current assignment). Immutable.
 *
 * @param memberId client-generated id, unique in the group
 * @param clientId the client.id the member reported
 * @param clientHost the member's address as the coordinator saw it
 * @param subscribedTopicNames topics subscribed by name, ascending
 * @param subscribedTopicRegex a regex over whole topic names; "" if none
 * @param serverAssignor preferred assignor; "" if none
 * @param sessionTimeoutMs effective session timeout
 * @param rebalanceTimeoutMs effective rebalance (revocation) timeout
 * @param memberEpoch the target epoch the member has reached; 0 right after joining
 * @param previousMemberEpoch the epoch before the last bump (accepted once if the bump's response was lost)
 * @param state reconciliation state
 * @param assigned partitions the member may consume now
 * @param pendingRevocation partitions the member must give up; still owned until it acknowledges
 */
public record GroupMember(
    String memberId,
    String clientId,
    String clientHost,
    List<String> subscribedTopicNames,
    String subscribedTopicRegex,
    String serverAssignor,
    int sessionTimeoutMs,
    int rebalanceTimeoutMs,
    int memberEpoch,
    int previousMemberEpoch,
    MemberState state,
    Assignment assigned,
    Assignment pendingRevocation) {

  public GroupMember {
    Objects.requireNonNull(memberId, "memberId");
    subscribedTopicNames = List.copyOf(subscribedTopicNames);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(assigned, "assigned");
    Objects.requireNonNull(pendingRevocation, "pendingRevocation");
  }

  /** A member that just joined: epoch 0, nothing assigned. */
  static GroupMember joined(String memberId) {
    return new GroupMember(memberId, "", "", List.of(), "", "", 0, 0, 0, 0, MemberState.STABLE,
        Assignment.EMPTY, Assignment.EMPTY);
  }

  /** Partitions the member holds: assigned plus pending revocation. */
  public Assignment owned() {
    return assigned.union(pendingRevocation);
  }

  GroupMember withMetadata(String clientId, String clientHost, List<String> topics, String regex, String assignor,
      int sessionTimeoutMs, int rebalanceTimeoutMs) {
    return new GroupMember(memberId, clientId, clientHost, topics, regex, assignor, sessionTimeoutMs,
        rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation);
  }

  GroupMember withCurrentAssignment(int epoch, int previousEpoch, MemberState newState, Assignment newAssigned,
      Assignment newPendingRevocation) {
    return new GroupMember(memberId, clientId, clientHost, subscribedTopicNames, subscribedTopicRegex,
        serverAssignor, sessionTimeoutMs, rebalanceTimeoutMs, epoch, previousEpoch, newState, newAssigned,
        newPendingRevocation);
  }

  /** Whether the two describe the same subscription (names, regex, assignor preference). */
  boolean sameSubscription(GroupMember other) {
    return subscribedTopicNames.equals(other.subscribedTopicNames)
        && subscribedTopicRegex.equals(other.subscribedTopicRegex)
        && serverAssignor.equals(other.serverAssignor);
  }
}
