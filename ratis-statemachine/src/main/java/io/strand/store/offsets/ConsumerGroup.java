package io.strand.store.offsets;

import io.strand.internal.proto.CurrentAssignmentRecord;
import io.strand.internal.proto.GroupMetadataRecord;
import io.strand.internal.proto.MemberMetadataRecord;
import io.strand.internal.proto.OffsetsRecord;
import io.strand.store.offsets.assignor.Assignment;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One consumer group's replicated state: group epoch, assignor, subscribed topics' partition counts, members with
 * their current assignments, and the target assignment. Changed only by {@link #apply} with group-scoped records;
 * readers get immutable values or read-only views. Also keeps a derived index of which member owns each partition
 * (assigned or pending revocation), rebuilt by the same records.
 *
 * <p>Not thread-safe: the owner ({@link GroupStore}) serializes writers and readers.
 */
public final class ConsumerGroup {
  private final String groupId;
  private int groupEpoch;
  private String assignor = "";
  private long emptySinceMs = -1;
  private SortedMap<String, Integer> subscribedTopics = Collections.emptySortedMap();
  private int targetAssignmentEpoch;
  private final TreeMap<String, GroupMember> members = new TreeMap<>();
  private final TreeMap<String, Assignment> targetAssignment = new TreeMap<>();
  private final Map<TopicPartition, String> owners = new HashMap<>();

  ConsumerGroup(String groupId) {
    this.groupId = groupId;
  }

  /** An independent copy: applying records to it leaves this group untouched. */
  ConsumerGroup copy() {
    ConsumerGroup c = new ConsumerGroup(groupId);
    c.groupEpoch = groupEpoch;
    c.assignor = assignor;
    c.emptySinceMs = emptySinceMs;
    c.subscribedTopics = subscribedTopics;
    c.targetAssignmentEpoch = targetAssignmentEpoch;
    c.members.putAll(members);
    c.targetAssignment.putAll(targetAssignment);
    c.owners.putAll(owners);
    return c;
  }

  public String groupId() {
    return groupId;
  }

  public int groupEpoch() {
    return groupEpoch;
  }

  public String assignor() {
    return assignor;
  }

  /** When the group last became empty, ms since the epoch; -1 while it has members. */
  public long emptySinceMs() {
    return emptySinceMs;
  }

  /** Partition counts of the existing topics the members subscribe to, as of the last group epoch bump. */
  public SortedMap<String, Integer> subscribedTopics() {
    return subscribedTopics;
  }

  public int targetAssignmentEpoch() {
    return targetAssignmentEpoch;
  }

  /** Members by id, ascending; read-only. */
  public SortedMap<String, GroupMember> members() {
    return Collections.unmodifiableSortedMap(members);
  }

  public Optional<GroupMember> member(String memberId) {
    return Optional.ofNullable(members.get(memberId));
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** The member's target partitions; empty if it has none. */
  public Assignment targetAssignment(String memberId) {
    return targetAssignment.getOrDefault(memberId, Assignment.EMPTY);
  }

  /** The member that currently owns the partition (assigned or pending revocation), if any. */
  public Optional<String> ownerOf(String topic, int partition) {
    return Optional.ofNullable(owners.get(new TopicPartition(topic, partition)));
  }

  /** The admin-facing state derived from epochs and members. */
  public GroupState state() {
    if (members.isEmpty()) {
      return GroupState.EMPTY;
    }
    if (groupEpoch != targetAssignmentEpoch) {
      return GroupState.ASSIGNING;
    }
    for (GroupMember m : members.values()) {
      if (m.memberEpoch() != targetAssignmentEpoch || m.state() != MemberState.STABLE) {
        return GroupState.RECONCILING;
      }
    }
    return GroupState.STABLE;
  }

  /** Applies one group-scoped record. */
  void apply(OffsetsRecord record) {
    switch (record.getKindCase()) {
      case GROUP_METADATA -> applyGroupMetadata(record.getGroupMetadata());
      case MEMBER_METADATA -> applyMemberMetadata(record.getMemberMetadata());
      case MEMBER_REMOVED -> removeMember(record.getMemberRemoved().getMemberId());
      case TARGET_ASSIGNMENT -> targetAssignment.put(record.getTargetAssignment().getMemberId(),
          Records.fromProto(record.getTargetAssignment().getPartitionsList()));
      case TARGET_ASSIGNMENT_EPOCH -> targetAssignmentEpoch = record.getTargetAssignmentEpoch().getAssignmentEpoch();
      case CURRENT_ASSIGNMENT -> applyCurrentAssignment(record.getCurrentAssignment());
      default -> throw new IllegalArgumentException("not a group record: " + record.getKindCase());
    }
  }

  private void applyGroupMetadata(GroupMetadataRecord r) {
    groupEpoch = r.getGroupEpoch();
    assignor = r.getAssignor();
    emptySinceMs = r.getEmptySinceMs();
    subscribedTopics = Collections.unmodifiableSortedMap(Records.fromProtoCounts(r.getSubscribedTopicsList()));
  }

  private void applyMemberMetadata(MemberMetadataRecord r) {
    GroupMember existing = members.getOrDefault(r.getMemberId(), GroupMember.joined(r.getMemberId()));
    members.put(r.getMemberId(), existing.withMetadata(r.getClientId(), r.getClientHost(),
        r.getSubscribedTopicNamesList(), r.getSubscribedTopicRegex(), r.getServerAssignor(),
        r.getSessionTimeoutMs(), r.getRebalanceTimeoutMs()));
  }

  private void removeMember(String memberId) {
    GroupMember removed = members.remove(memberId);
    targetAssignment.remove(memberId);
    if (removed != null) {
      release(removed);
    }
  }

  private void applyCurrentAssignment(CurrentAssignmentRecord r) {
    GroupMember existing = members.get(r.getMemberId());
    if (existing == null) {
      throw new IllegalStateException("current assignment for unknown member " + r.getMemberId() + " of group "
          + groupId);
    }
    release(existing);
    GroupMember updated = existing.withCurrentAssignment(r.getMemberEpoch(), r.getPreviousMemberEpoch(),
        Records.fromProto(r.getState()), Records.fromProto(r.getAssignedPartitionsList()),
        Records.fromProto(r.getPartitionsPendingRevocationList()));
    members.put(r.getMemberId(), updated);
    updated.owned().forEach((t, p) -> owners.put(new TopicPartition(t, p), r.getMemberId()));
  }

  private void release(GroupMember m) {
    m.owned().forEach((t, p) -> owners.remove(new TopicPartition(t, p), m.memberId()));
  }

  /** Appends the records that rebuild this group, in canonical order (see OffsetsSnapshot in offsets.proto). */
  void writeSnapshotRecords(List<OffsetsRecord> out) {
    out.add(Records.groupMetadata(groupId, groupEpoch, assignor, emptySinceMs, subscribedTopics));
    members.values().forEach(m -> out.add(Records.memberMetadata(groupId, m)));
    targetAssignment.forEach((m, a) -> out.add(Records.targetAssignment(groupId, m, a)));
    out.add(Records.targetAssignmentEpoch(groupId, targetAssignmentEpoch));
    members.values().forEach(m -> out.add(Records.currentAssignment(groupId, m)));
  }
}
