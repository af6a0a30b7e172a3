package io.strand.store.partition;

import io.strand.store.log.LogConfig;
import java.util.List;
import java.util.Objects;

/**
 * What a node needs to host a partition replica.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the partition
 * @param topicId the topic's incarnation id; with the partition number it determines the Raft group id
 * @param replicas replica node ids, preferred leader first
 * @param logConfig the partition log's settings
 */
public record PartitionSpec(TopicPartitionId id, String topicId, List<Integer> replicas, LogConfig logConfig) {
  public PartitionSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(topicId, "topicId");
    if (topicId.isEmpty()) {
      throw new IllegalArgumentException("topicId must not be empty");
    }
    replicas = List.copyOf(replicas);
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("replicas must not be empty");
    }
    if (replicas.stream().distinct().count() != replicas.size()) {
      throw new IllegalArgumentException("replicas must be distinct, got " + replicas);
    }
    Objects.requireNonNull(logConfig, "logConfig");
  }
}
