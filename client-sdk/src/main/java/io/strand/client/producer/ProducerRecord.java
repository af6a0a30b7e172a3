package io.strand.client.producer;

import io.strand.record.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: topic, optional explicit partition, key, value, headers and optional timestamp.
 *
 * <p>Without a partition the producer picks one: by Kafka's murmur2 hash of the serialized key when there
 * is a key, otherwise a "sticky" partition that changes once a batch has filled, as Kafka does.
 *
 * <p>Immutable apart from the key and value objects themselves; thread-safe if they are.
 *
 * @param topic the topic
 * @param partition the partition, or {@code null} to let the producer choose
 * @param timestampMs create time in milliseconds since the epoch, or {@code null} for "now"
 * @param key the key, may be {@code null}
 * @param value the value, may be {@code null}
 * @param headers record headers, in order
 * @param <K> key type
 * @param <V> value type
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestampMs, K key, V value,
                                   List<Header> headers) {

  /** Validates the topic and partition and copies the headers. */
  public ProducerRecord {
    Objects.requireNonNull(topic, "topic");
    if (partition != null && partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
    if (timestampMs != null && timestampMs < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0, got " + timestampMs);
    }
    headers = List.copyOf(headers);
  }

  /** A record with key and value; the producer picks the partition. */
  public ProducerRecord(String topic, K key, V value) {
    this(topic, null, null, key, value, List.of());
  }

  /** A record without key. */
  public ProducerRecord(String topic, V value) {
    this(topic, null, null, null, value, List.of());
  }

  /** A record for an explicit partition. */
  public ProducerRecord(String topic, Integer partition, K key, V value) {
    this(topic, partition, null, key, value, List.of());
  }
}
