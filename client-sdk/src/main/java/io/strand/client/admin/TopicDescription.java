package io.strand.client.admin;

import java.util.List;
import java.util.Map;

/**
 * A topic with its partitions and config overrides.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param name topic name
 * @param topicId id of this incarnation of the topic (a re-created topic gets a new one)
 * @param internal whether it is an internal topic (name starts with {@code __})
 * @param replicationFactor replicas per partition
 * @param partitions by partition number
 * @param configs config overrides (keys without an override use the cluster default)
 */
public record TopicDescription(String name, String topicId, boolean internal, int replicationFactor,
                               List<PartitionInfo> partitions, Map<String, String> configs) {
  /** Copies the collections. */
  public TopicDescription {
    partitions = List.copyOf(partitions);
    configs = Map.copyOf(configs);
  }
}
