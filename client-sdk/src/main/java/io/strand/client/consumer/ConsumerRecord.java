package io.strand.client.consumer;

import io.strand.client.TopicPartition;
import io.strand.record.Header;
import java.util.List;

/**
 * One fetched record.
 *
 * <p>Immutable apart from the key and value objects; thread-safe if they are.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset in the partition
 * @param timestampMs the record's create time, milliseconds since the epoch
 * @param key the deserialized key, may be null
 * @param value the deserialized value, may be null
 * @param headers the record headers, in order
 * @param serializedKeySize bytes of the key, -1 for a null key
 * @param serializedValueSize bytes of the value, -1 for a null value
 * @param <K> key type
 * @param <V> value type
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestampMs, K key, V value,
                                   List<Header> headers, int serializedKeySize, int serializedValueSize) {

  /** Copies the headers. */
  public ConsumerRecord {
    headers = List.copyOf(headers);
  }

  /** @return the record's partition */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }
}
