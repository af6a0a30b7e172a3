package io.strand.server.cluster;

import java.util.List;
import java.util.Map;

/**
 * One incarnation of a topic in the metadata image. Immutable.
 *
 * @param name topic name
 * @param topicId UUID of this incarnation (new on every re-creation)
 * @param replicationFactor replicas per partition
 * @param configs topic config overrides
 * @param partitions replica node ids per partition, indexed by partition number; first = preferred leader
 * @param internal whether the name starts with "__"
 */
public record TopicInfo(String name, String topicId, int replicationFactor, Map<String, String> configs,
                        List<List<Integer>> partitions, boolean internal) {

  public TopicInfo {
    configs = Map.copyOf(configs);
    partitions = partitions.stream().map(List::copyOf).toList();
  }

  public int partitionCount() {
    return partitions.size();
  }

  /** Replicas of a partition; the first is the preferred leader. */
  public List<Integer> replicas(int partition) {
    return partitions.get(partition);
  }

  public boolean hasPartition(int partition) {
    return partition >= 0 && partition < partitions.size();
  }
}
