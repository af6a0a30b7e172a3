package io.strand.server.groups;

import io.strand.store.offsets.OffsetsPartitioner;
import io.strand.store.raft.RaftGroups;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/** Names and ids of the internal {@code __consumer_offsets} topic. Stateless. */
public final class OffsetsTopic {

  public static final String NAME = "__consumer_offsets";
  /**
   * Fixed rather than random, so the partitions' Raft group ids are known before cluster metadata loads: a
   * restarting node must pick the right state machine for the group directories it recovers.
   */
  public static final String TOPIC_ID =
      UUID.nameUUIDFromBytes(NAME.getBytes(StandardCharsets.UTF_8)).toString();

  private OffsetsTopic() {}

  /** The Raft group of offsets partition {@code partition}. */
  public static RaftGroupId groupId(int partition) {
    return RaftGroups.forPartition(TOPIC_ID, partition);
  }

  /** The offsets partition whose Raft group is {@code groupId}, searched among the first {@code partitions}. */
  public static java.util.OptionalInt partitionOf(RaftGroupId groupId, int partitions) {
    for (int p = 0; p < partitions; p++) {
      if (groupId(p).equals(groupId)) {
        return java.util.OptionalInt.of(p);
      }
    }
    return java.util.OptionalInt.empty();
  }

  /** The offsets partition (and so the coordinator) of a group. */
  public static int partitionFor(String groupId, int partitions) {
    return OffsetsPartitioner.partitionFor(groupId, partitions);
  }
}
