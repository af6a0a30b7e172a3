package io.strand.store.offsets;

import io.strand.store.offsets.assignor.Assignment;
import java.util.Optional;

/**
 * One step of a member's incremental reconciliation towards its target (KIP-848): partitions leave a member
 * before they reach another. A member that must give up partitions keeps its epoch and is told to own only the
 * rest ({@link MemberState#UNREVOKED_PARTITIONS}); once it reports ownership without them it advances to the
 * target epoch and receives the new partitions that are free, waiting ({@link MemberState#UNRELEASED_PARTITIONS})
 * for those another member still holds. Stateless.
 */
final class CurrentAssignmentBuilder {
  private CurrentAssignmentBuilder() {}

  /**
   * The member's next state.
   *
   * @param group the group as of this request (target and ownership index)
   * @param member the member's current state
   * @param owned what the member reported owning, if it did
   * @return the member's next state; the same instance when nothing changes
   */
  static GroupMember reconcile(ConsumerGroup group, GroupMember member, Optional<Assignment> owned) {
    return switch (member.state()) {
      case STABLE -> member.memberEpoch() == group.targetAssignmentEpoch() ? member : next(group, member);
      case UNREVOKED_PARTITIONS -> owned.isPresent() && !owned.get().intersects(member.pendingRevocation())
          ? next(group, member) : member;
      case UNRELEASED_PARTITIONS -> next(group, member);
    };
  }

  private static GroupMember next(ConsumerGroup group, GroupMember member) {
    int targetEpoch = group.targetAssignmentEpoch();
    Assignment target = group.targetAssignment(member.memberId());
    Assignment keep = member.assigned().intersect(target);
    Assignment revoke = member.assigned().minus(target);
    if (!revoke.isEmpty()) {
      return changed(member, member.withCurrentAssignment(member.memberEpoch(), member.previousMemberEpoch(),
          MemberState.UNREVOKED_PARTITIONS, keep, revoke));
    }
    Assignment.Builder assigned = Assignment.builder().addAll(keep);
    boolean[] waiting = {false};
    target.minus(keep).forEach((topic, p) -> {
      Optional<String> owner = group.ownerOf(topic, p);
      if (owner.isEmpty() || owner.get().equals(member.memberId())) {
        assigned.add(topic, p);
      } else {
        waiting[0] = true;
      }
    });
    int previous = targetEpoch != member.memberEpoch() ? member.memberEpoch() : member.previousMemberEpoch();
    return changed(member, member.withCurrentAssignment(targetEpoch, previous,
        waiting[0] ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE, assigned.build(), Assignment.EMPTY));
  }

  private static GroupMember changed(GroupMember before, GroupMember after) {
    return before.equals(after) ? before : after;
  }
}
