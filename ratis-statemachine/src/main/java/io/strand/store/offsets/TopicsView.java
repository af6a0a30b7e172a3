package io.strand.store.offsets;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The coordinator's view of which topics exist and how many partitions each has, taken from cluster metadata by
 * the caller. Handlers read it at request time and record what they saw, so replaying records never needs it.
 * Implementations must be safe to read from any thread.
 */
public interface TopicsView {
  /** The partition count of an existing topic; empty if the topic does not exist. */
  OptionalInt partitionCount(String topic);

  /** The names of all existing topics, internal ones included. */
  Set<String> topicNames();

  /** An immutable view of a fixed topic to partition-count map. */
  static TopicsView of(Map<String, Integer> partitionCounts) {
    Map<String, Integer> copy = Collections.unmodifiableMap(new TreeMap<>(partitionCounts));
    return new TopicsView() {
      @Override
      public OptionalInt partitionCount(String topic) {
        Integer n = copy.get(topic);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
      }

      @Override
      public Set<String> topicNames() {
        return copy.keySet();
      }
    };
  }
}
