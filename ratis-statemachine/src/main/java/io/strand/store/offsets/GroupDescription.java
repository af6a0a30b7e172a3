package io.strand.store.offsets;

import io.strand.store.offsets.assignor.Assignment;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the coordinator knows about a group; log end offsets and lag are added by the caller.
 *
 * @param groupId the group id
 * @param state derived state
 * @param groupEpoch the group epoch
 * @param assignmentEpoch the epoch of the current target assignment
 * @param assignor the assignor in use
 * @param members the members, ascending by id
 * @param offsets committed offsets, ascending by partition
 */
public record GroupDescription(
    String groupId,
    GroupState state,
    int groupEpoch,
    int assignmentEpoch,
    String assignor,
    List<Member> members,
    SortedMap<TopicPartition, OffsetAndMetadata> offsets) {

  public GroupDescription {
    members = List.copyOf(members);
    offsets = Collections.unmodifiableSortedMap(new TreeMap<>(offsets));
  }

  /**
   * One member.
   *
   * @param memberId member id
   * @param clientId reported client.id
   * @param clientHost the member's address
   * @param memberEpoch the member's epoch
   * @param state reconciliation state
   * @param subscribedTopicNames topics subscribed by name
   * @param subscribedTopicRegex regex subscription ("" if none)
   * @param assigned partitions it may consume now
   * @param pendingRevocation partitions it still has to release
   * @param target its target partitions
   */
  public record Member(
      String memberId,
      String clientId,
      String clientHost,
      int memberEpoch,
      MemberState state,
      List<String> subscribedTopicNames,
      String subscribedTopicRegex,
      Assignment assigned,
      Assignment pendingRevocation,
      Assignment target) {
    public Member {
      subscribedTopicNames = List.copyOf(subscribedTopicNames);
    }
  }
}
