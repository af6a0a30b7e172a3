package io.strand.store.offsets;

import java.util.List;
import java.util.Objects;

/**
 * Commits offsets for a group.
 *
 * @param groupId the group
 * @param memberId the committing member; "" for a simple (admin or group-less) commit, which is only allowed while
 *     the group has no members
 * @param memberEpoch the member's current epoch; ignored for simple commits
 * @param offsets what to commit, at most one entry per partition
 * @param allowRewind when false (the default for consumers), a commit below the partition's committed offset is
 *     acknowledged but leaves the offset where it is, so reordered or retried commits never move it backwards
 */
public record OffsetCommitRequest(
    String groupId, String memberId, int memberEpoch, List<PartitionOffset> offsets, boolean allowRewind) {

  public OffsetCommitRequest {
    Objects.requireNonNull(groupId, "groupId");
    memberId = memberId == null ? "" : memberId;
    offsets = List.copyOf(offsets);
  }

  /** A member's commit. */
  public static OffsetCommitRequest member(String groupId, String memberId, int memberEpoch,
      List<PartitionOffset> offsets) {
    return new OffsetCommitRequest(groupId, memberId, memberEpoch, offsets, false);
  }

  /** A commit without group membership (simple consumer); the group must be empty. */
  public static OffsetCommitRequest simple(String groupId, List<PartitionOffset> offsets) {
    return new OffsetCommitRequest(groupId, "", -1, offsets, false);
  }

  /**
   * One partition's commit.
   *
   * @param partition the partition
   * @param offset the next offset to consume (>= 0)
   * @param leaderEpoch leader epoch of the last consumed record, -1 if unknown
   * @param metadata opaque client metadata ("" for none)
   */
  public record PartitionOffset(TopicPartition partition, long offset, int leaderEpoch, String metadata) {
    public PartitionOffset {
      Objects.requireNonNull(partition, "partition");
      metadata = metadata == null ? "" : metadata;
    }

    public static PartitionOffset of(String topic, int partition, long offset) {
      return new PartitionOffset(new TopicPartition(topic, partition), offset, -1, "");
    }
  }
}
