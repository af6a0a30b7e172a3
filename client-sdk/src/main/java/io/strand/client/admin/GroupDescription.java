package io.strand.client.admin;

import io.strand.client.TopicPartition;
import java.util.List;

/**
 * A consumer group: its state, members and per-partition progress.
 *
 * @param groupId the group id
 * @param state EMPTY, ASSIGNING, RECONCILING or STABLE
 * @param groupEpoch the group epoch
 * @param assignor the server-side assignor in use
 * @param memberIds the members' ids, ascending
 * @param partitions every partition with a committed offset or an owner, ascending
 */
public record GroupDescription(String groupId, String state, int groupEpoch, String assignor, List<String> memberIds,
                               List<PartitionProgress> partitions) {

  public GroupDescription {
    memberIds = List.copyOf(memberIds);
    partitions = List.copyOf(partitions);
  }

  /**
   * One partition's progress.
   *
   * @param partition the partition
   * @param committedOffset committed offset, -1 if none
   * @param logEndOffset the partition's log end offset, -1 if unknown
   * @param lag log end minus committed, -1 if either is unknown
   * @param memberId the owning member, "" if none
   */
  public record PartitionProgress(TopicPartition partition, long committedOffset, long logEndOffset, long lag,
                                  String memberId) {}
}
