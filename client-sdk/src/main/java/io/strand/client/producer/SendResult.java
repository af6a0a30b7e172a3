package io.strand.client.producer;

import io.strand.client.TopicPartition;

/**
 * Where an acknowledged record was written.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param topicPartition the partition
 * @param offset the record's offset; -1 with {@code acks=none}, where the server does not wait to learn it
 * @param timestampMs the record's create timestamp
 * @param serializedKeySize bytes of the serialized key, -1 for a null key
 * @param serializedValueSize bytes of the serialized value, -1 for a null value
 */
public record SendResult(TopicPartition topicPartition, long offset, long timestampMs, int serializedKeySize,
                         int serializedValueSize) {

  /** @return the topic */
  public String topic() {
    return topicPartition.topic();
  }

  /** @return the partition number */
  public int partition() {
    return topicPartition.partition();
  }
}
