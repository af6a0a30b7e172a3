package io.strand.client.internal.consumer;

import io.strand.client.TopicPartition;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.error.SerializationException;
import io.strand.client.serialization.Deserializer;
import io.strand.record.Record;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns buffered records into what one {@code poll} returns: advances positions, skips records below the
 * position (left over from a batch that started earlier), rotates the starting partition between polls so
 * that no partition is starved by the record budget, and deserializes keys and values.
 *
 * <p>Not API. Not thread-safe: confined to the consumer's polling thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class RecordCollector<K, V> {
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;
  private final int maxPollRecords;
  private int rotation;

  RecordCollector(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer, int maxPollRecords) {
    this.keyDeserializer = keyDeserializer;
    this.valueDeserializer = valueDeserializer;
    this.maxPollRecords = maxPollRecords;
  }

  /** Takes up to {@code max.poll.records} positioned, unpaused records, starting one partition further each time. */
  ConsumerRecords<K, V> collect(Collection<PartitionState> states) {
    Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
    List<PartitionState> order = new ArrayList<>(states);
    if (order.isEmpty()) {
      return ConsumerRecords.empty();
    }
    int start = Math.floorMod(rotation++, order.size());
    int budget = maxPollRecords;
    for (int i = 0; i < order.size() && budget > 0; i++) {
      PartitionState st = order.get((start + i) % order.size());
      if (st.paused() || !st.hasPosition()) {
        continue;
      }
      List<ConsumerRecord<K, V>> list = new ArrayList<>();
      PartitionState.Buffered b;
      while (budget > 0 && (b = st.peek()) != null) {
        if (b.record().offset() < st.position()) {
          st.skip(b);
          continue;
        }
        list.add(toConsumerRecord(st.tp(), b.record()));
        st.consumed(b);
        budget--;
      }
      if (!list.isEmpty()) {
        out.put(st.tp(), list);
      }
    }
    return new ConsumerRecords<>(out);
  }

  private ConsumerRecord<K, V> toConsumerRecord(TopicPartition tp, Record r) {
    K key;
    V value;
    try {
      key = keyDeserializer.deserialize(tp.topic(), r.key());
      value = valueDeserializer.deserialize(tp.topic(), r.value());
    } catch (SerializationException e) {
      throw new SerializationException("record " + tp + "@" + r.offset() + ": " + e.getMessage()
          + " (seek past it to continue)", e);
    } catch (RuntimeException e) {
      throw new SerializationException("could not deserialize record " + tp + "@" + r.offset() + ": " + e
          + " (seek past it to continue)", e);
    }
    return new ConsumerRecord<>(tp.topic(), tp.partition(), r.offset(), r.timestampMs(), key, value, r.headers(),
        r.key() == null ? -1 : r.key().length, r.value() == null ? -1 : r.value().length);
  }
}
