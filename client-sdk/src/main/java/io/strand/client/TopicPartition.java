package io.strand.client;

import java.util.Objects;

/**
 * One partition of one topic.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param topic the topic name
 * @param partition the partition number, from 0
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

  /** Validates the fields. */
  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition + " for topic " + topic);
    }
  }

  @Override
  public int compareTo(TopicPartition other) {
    int byTopic = topic.compareTo(other.topic);
    return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
  }

  /** @return {@code topic-partition}, as Kafka prints it */
  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
