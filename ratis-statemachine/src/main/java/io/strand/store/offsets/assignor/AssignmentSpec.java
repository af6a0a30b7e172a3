package io.strand.store.offsets.assignor;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The input of one target assignment computation.
 *
 * @param members member id to its subscription, ascending by member id
 * @param topicPartitions partition count of every topic some member subscribes to
 */
public record AssignmentSpec(SortedMap<String, MemberSubscription> members, SortedMap<String, Integer> topicPartitions) {
  public AssignmentSpec {
    members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
    topicPartitions = Collections.unmodifiableSortedMap(new TreeMap<>(topicPartitions));
    for (Map.Entry<String, Integer> e : topicPartitions.entrySet()) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("topic " + e.getKey() + " has " + e.getValue() + " partitions");
      }
    }
  }

  /** Partition count of {@code topic}, 0 if the topic is not known. */
  public int partitionCount(String topic) {
    return topicPartitions.getOrDefault(topic, 0);
  }
}
