package io.strand.client.admin;

import java.util.List;
import java.util.OptionalInt;

/**
 * One partition as the cluster describes it.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param partition the partition number
 * @param leader the leading node, empty while an election runs
 * @param leaderEpoch the leader epoch (Raft term of the partition's group); 0 when unknown
 * @param replicas replica node ids, the preferred leader first
 * @param logStartOffset the first offset still in the log; -1 when unknown
 * @param highWatermark the offset after the last committed record; -1 when unknown
 * @param sizeBytes bytes on the leader's disk; -1 when unknown
 */
public record PartitionInfo(int partition, OptionalInt leader, long leaderEpoch, List<Integer> replicas,
                            long logStartOffset, long highWatermark, long sizeBytes) {
  /** Copies the replica list. */
  public PartitionInfo {
    replicas = List.copyOf(replicas);
  }
}
