package io.strand.store.offsets;

import io.strand.internal.proto.OffsetsRecord;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The consumer groups of one offsets partition, by group id. Changed only by {@link #apply} with group records.
 *
 * <p>Not thread-safe: {@link CoordinatorState}'s owner serializes access.
 */
public final class GroupStore {
  private final TreeMap<String, ConsumerGroup> groups = new TreeMap<>();

  public Optional<ConsumerGroup> group(String groupId) {
    return Optional.ofNullable(groups.get(groupId));
  }

  /** Groups by id, ascending; read-only. */
  public SortedMap<String, ConsumerGroup> groups() {
    return Collections.unmodifiableSortedMap(groups);
  }

  GroupStore copy() {
    GroupStore c = new GroupStore();
    groups.forEach((id, g) -> c.groups.put(id, g.copy()));
    return c;
  }

  void apply(OffsetsRecord record) {
    switch (record.getKindCase()) {
      case GROUP_METADATA -> groups.computeIfAbsent(record.getGroupMetadata().getGroupId(), ConsumerGroup::new)
          .apply(record);
      case GROUP_DELETED -> groups.remove(record.getGroupDeleted().getGroupId());
      default -> existing(groupIdOf(record)).apply(record);
    }
  }

  private ConsumerGroup existing(String groupId) {
    ConsumerGroup g = groups.get(groupId);
    if (g == null) {
      throw new IllegalStateException("record for unknown group " + groupId);
    }
    return g;
  }

  /** The group a group-scoped record belongs to. */
  static String groupIdOf(OffsetsRecord r) {
    return switch (r.getKindCase()) {
      case GROUP_METADATA -> r.getGroupMetadata().getGroupId();
      case MEMBER_METADATA -> r.getMemberMetadata().getGroupId();
      case MEMBER_REMOVED -> r.getMemberRemoved().getGroupId();
      case TARGET_ASSIGNMENT -> r.getTargetAssignment().getGroupId();
      case TARGET_ASSIGNMENT_EPOCH -> r.getTargetAssignmentEpoch().getGroupId();
      case CURRENT_ASSIGNMENT -> r.getCurrentAssignment().getGroupId();
      case OFFSET_COMMIT -> r.getOffsetCommit().getGroupId();
      case OFFSETS_REMOVED -> r.getOffsetsRemoved().getGroupId();
      case GROUP_DELETED -> r.getGroupDeleted().getGroupId();
      case KIND_NOT_SET -> throw new IllegalArgumentException("record without kind");
    };
  }

  void writeSnapshotRecords(String groupId, List<OffsetsRecord> out) {
    ConsumerGroup g = groups.get(groupId);
    if (g != null) {
      g.writeSnapshotRecords(out);
    }
  }
}
