package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lists, describes and deletes groups. Reads the state, never writes it. Stateless; thread-safe. */
final class GroupAdminHandler {
  private GroupAdminHandler() {}

  static List<GroupListing> list(CoordinatorState state) {
    List<GroupListing> out = new ArrayList<>();
    state.groups().groups().values().forEach(g ->
        out.add(new GroupListing(g.groupId(), g.state(), g.members().size(), g.groupEpoch())));
    return out;
  }

  static Optional<GroupDescription> describe(CoordinatorState state, String groupId) {
    return state.groups().group(groupId).map(g -> {
      List<GroupDescription.Member> members = new ArrayList<>();
      g.members().values().forEach(m -> members.add(new GroupDescription.Member(m.memberId(), m.clientId(),
          m.clientHost(), m.memberEpoch(), m.state(), m.subscribedTopicNames(), m.subscribedTopicRegex(),
          m.assigned(), m.pendingRevocation(), g.targetAssignment(m.memberId()))));
      return new GroupDescription(g.groupId(), g.state(), g.groupEpoch(), g.targetAssignmentEpoch(), g.assignor(),
          members, state.offsets().offsets(groupId));
    });
  }

  static CoordinatorResult<GroupOperationResult> delete(CoordinatorState state, String groupId) {
    Optional<ConsumerGroup> group = state.groups().group(groupId);
    if (group.isEmpty()) {
      return CoordinatorResult.of(new GroupOperationResult(ErrorCode.ERROR_CODE_GROUP_ID_NOT_FOUND,
          "group " + groupId + " does not exist"));
    }
    if (!group.get().isEmpty()) {
      return CoordinatorResult.of(new GroupOperationResult(ErrorCode.ERROR_CODE_GROUP_NOT_EMPTY,
          "group " + groupId + " has " + group.get().members().size() + " members; stop them before deleting"));
    }
    return new CoordinatorResult<>(List.of(Records.groupDeleted(groupId)), GroupOperationResult.OK);
  }
}
