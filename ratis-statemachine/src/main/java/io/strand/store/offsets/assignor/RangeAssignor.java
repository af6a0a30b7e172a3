package io.strand.store.offsets.assignor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Kafka's range strategy: per topic, the members subscribed to it, in member id order, get contiguous ranges of
 * partitions; the first {@code partitions % members} of them get one extra. Members subscribed to the same topics
 * therefore get the same partition numbers of each (co-partitioning, useful for joins). Not sticky: a joining
 * member can shift every range after it. Stateless and thread-safe.
 */
public final class RangeAssignor implements PartitionAssignor {
  /** The name groups refer to this assignor by. */
  public static final String NAME = "range";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SortedMap<String, Assignment> assign(AssignmentSpec spec) {
    Map<String, Assignment.Builder> builders = new TreeMap<>();
    spec.members().keySet().forEach(m -> builders.put(m, Assignment.builder()));
    for (Map.Entry<String, Integer> topic : spec.topicPartitions().entrySet()) {
      List<String> subscribers = new ArrayList<>();
      spec.members().forEach((id, sub) -> {
        if (sub.topics().contains(topic.getKey())) {
          subscribers.add(id);
        }
      });
      if (subscribers.isEmpty()) {
        continue;
      }
      int partitions = topic.getValue();
      int quota = partitions / subscribers.size();
      int extra = partitions % subscribers.size();
      int next = 0;
      for (int i = 0; i < subscribers.size(); i++) {
        int count = quota + (i < extra ? 1 : 0);
        for (int p = next; p < next + count; p++) {
          builders.get(subscribers.get(i)).add(topic.getKey(), p);
        }
        next += count;
      }
    }
    SortedMap<String, Assignment> result = new TreeMap<>();
    builders.forEach((m, b) -> result.put(m, b.build()));
    return result;
  }
}
