package io.strand.client.consumer;

import io.strand.client.TopicPartition;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records one {@code poll} returned, grouped by partition; within a partition in offset order.
 *
 * <p>Immutable; thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
  private final Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition;
  private final int count;

  /** @param byPartition records per partition (copied) */
  public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> byPartition) {
    Map<TopicPartition, List<ConsumerRecord<K, V>>> copy = new LinkedHashMap<>();
    byPartition.forEach((tp, records) -> {
      if (!records.isEmpty()) {
        copy.put(tp, List.copyOf(records));
      }
    });
    this.byPartition = java.util.Collections.unmodifiableMap(copy);
    this.count = copy.values().stream().mapToInt(List::size).sum();
  }

  /** @return an empty result */
  public static <K, V> ConsumerRecords<K, V> empty() {
    return new ConsumerRecords<>(Map.of());
  }

  /** @return the records of one partition, in offset order (empty if none) */
  public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
    return byPartition.getOrDefault(partition, List.of());
  }

  /** @return the partitions that have records in this result */
  public Set<TopicPartition> partitions() {
    return byPartition.keySet();
  }

  /** @return how many records there are */
  public int count() {
    return count;
  }

  /** @return whether there are none */
  public boolean isEmpty() {
    return count == 0;
  }

  /** Iterates partition by partition. */
  @Override
  public Iterator<ConsumerRecord<K, V>> iterator() {
    return byPartition.values().stream().flatMap(List::stream).iterator();
  }
}
