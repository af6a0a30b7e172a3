package io.strand.store.partition;

import java.util.Objects;

/**
 * A partition by topic name and number.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic the topic name (non-empty)
 * @param partition the partition number (>= 0)
 */
public record TopicPartitionId(String topic, int partition) {
  public TopicPartitionId {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
