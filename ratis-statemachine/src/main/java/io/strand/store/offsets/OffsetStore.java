package io.strand.store.offsets;

import io.strand.internal.proto.OffsetCommitRecord;
import io.strand.internal.proto.OffsetCommitSource;
import io.strand.internal.proto.OffsetsRecord;
import io.strand.internal.proto.OffsetsTopicPartitions;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Committed offsets of one offsets partition: group to (topic partition to offset). Changed only by {@link #apply}
 * with offset records (and by group deletion).
 *
 * <p>Not thread-safe: {@link CoordinatorState}'s owner serializes access.
 */
public final class OffsetStore {
  private final TreeMap<String, TreeMap<TopicPartition, OffsetAndMetadata>> byGroup = new TreeMap<>();

  /** The group's committed offsets, ascending by partition; empty if none. Read-only. */
  public SortedMap<TopicPartition, OffsetAndMetadata> offsets(String groupId) {
    TreeMap<TopicPartition, OffsetAndMetadata> m = byGroup.get(groupId);
    return m == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(m);
  }

  public Optional<OffsetAndMetadata> offset(String groupId, TopicPartition tp) {
    return Optional.ofNullable(offsets(groupId).get(tp));
  }

  /** Ids of the groups that hold at least one committed offset, ascending. */
  public Set<String> groupIds() {
    return Collections.unmodifiableSet(byGroup.keySet());
  }

  OffsetStore copy() {
    OffsetStore c = new OffsetStore();
    byGroup.forEach((g, m) -> c.byGroup.put(g, new TreeMap<>(m)));
    return c;
  }

  void apply(OffsetsRecord record) {
    switch (record.getKindCase()) {
      case OFFSET_COMMIT -> {
        OffsetCommitRecord r = record.getOffsetCommit();
        byGroup.computeIfAbsent(r.getGroupId(), g -> new TreeMap<>()).put(
            new TopicPartition(r.getTopic(), r.getPartition()),
            new OffsetAndMetadata(r.getOffset(), r.getLeaderEpoch(), r.getMetadata(), r.getCommitTimeMs()));
      }
      case OFFSETS_REMOVED -> {
        String groupId = record.getOffsetsRemoved().getGroupId();
        TreeMap<TopicPartition, OffsetAndMetadata> m = byGroup.get(groupId);
        if (m != null) {
          for (OffsetsTopicPartitions tps : record.getOffsetsRemoved().getPartitionsList()) {
            tps.getPartitionsList().forEach(p -> m.remove(new TopicPartition(tps.getTopic(), p)));
          }
          if (m.isEmpty()) {
            byGroup.remove(groupId);
          }
        }
      }
      case GROUP_DELETED -> byGroup.remove(record.getGroupDeleted().getGroupId());
      default -> throw new IllegalArgumentException("not an offset record: " + record.getKindCase());
    }
  }

  void writeSnapshotRecords(String groupId, List<OffsetsRecord> out) {
    offsets(groupId).forEach((tp, o) -> out.add(
        Records.offsetCommit(groupId, tp, o, OffsetCommitSource.OFFSET_COMMIT_SOURCE_UNSPECIFIED, "")));
  }
}
