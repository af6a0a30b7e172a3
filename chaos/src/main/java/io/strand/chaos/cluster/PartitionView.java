package io.strand.chaos.cluster;

import java.util.List;
import java.util.OptionalInt;

/**
 * What the cluster said about one partition.
 *
 * @param partition partition number
 * @param leader current leader node id, if one is known
 * @param replicas replica node ids, preferred leader first
 */
public record PartitionView(int partition, OptionalInt leader, List<Integer> replicas) {
  public PartitionView {
    replicas = List.copyOf(replicas);
  }

  /** Replicas other than the leader (all replicas if there is none). */
  public List<Integer> followers() {
    return replicas.stream().filter(r -> leader.isEmpty() || r != leader.getAsInt()).toList();
  }
}
