package io.strand.store.offsets.assignor;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of topic partitions grouped by topic, in ascending order: what a member owns, must give up, or should own.
 * Topics never map to an empty set, so two assignments holding the same partitions are {@link #equals equal}.
 * Immutable and therefore thread-safe.
 */
public final class Assignment {
  /** No partitions. */
  public static final Assignment EMPTY = new Assignment(new TreeMap<>(), 0);

  private final SortedMap<String, SortedSet<Integer>> byTopic;
  private final int size;

  private Assignment(TreeMap<String, SortedSet<Integer>> byTopic, int size) {
    this.byTopic = Collections.unmodifiableSortedMap(byTopic);
    this.size = size;
  }

  /** An assignment holding the given partitions; empty collections are dropped. */
  public static Assignment of(Map<String, ? extends Collection<Integer>> partitions) {
    Builder b = builder();
    partitions.forEach((topic, ps) -> ps.forEach(p -> b.add(topic, p)));
    return b.build();
  }

  /** A single-topic assignment, convenient in tests and callers. */
  public static Assignment of(String topic, Integer... partitions) {
    Builder b = builder();
    for (Integer p : partitions) {
      b.add(topic, p);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean contains(String topic, int partition) {
    SortedSet<Integer> ps = byTopic.get(topic);
    return ps != null && ps.contains(partition);
  }

  /** The partitions of {@code topic}, ascending; empty if none. */
  public SortedSet<Integer> partitions(String topic) {
    SortedSet<Integer> ps = byTopic.get(topic);
    return ps == null ? Collections.emptySortedSet() : ps;
  }

  /** The topics with at least one partition, ascending. */
  public SortedSet<String> topics() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(byTopic.keySet()));
  }

  /** Read-only view: topic to ascending partitions. */
  public SortedMap<String, SortedSet<Integer>> asMap() {
    return byTopic;
  }

  /** Number of partitions over all topics. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Partitions in this or {@code other}. */
  public Assignment union(Assignment other) {
    if (other.isEmpty()) {
      return this;
    }
    return builder().addAll(this).addAll(other).build();
  }

  /** Partitions in this but not in {@code other}. */
  public Assignment minus(Assignment other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    Builder b = builder();
    forEach((t, p) -> {
      if (!other.contains(t, p)) {
        b.add(t, p);
      }
    });
    return b.build();
  }

  /** Partitions in both this and {@code other}. */
  public Assignment intersect(Assignment other) {
    Builder b = builder();
    forEach((t, p) -> {
      if (other.contains(t, p)) {
        b.add(t, p);
      }
    });
    return b.build();
  }

  /** Whether this and {@code other} share at least one partition. */
  public boolean intersects(Assignment other) {
    for (Map.Entry<String, SortedSet<Integer>> e : byTopic.entrySet()) {
      for (int p : e.getValue()) {
        if (other.contains(e.getKey(), p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether every partition of {@code other} is in this. */
  public boolean containsAll(Assignment other) {
    return other.minus(this).isEmpty();
  }

  /** Visits every partition, ascending by topic then partition. */
  public void forEach(PartitionVisitor visitor) {
    byTopic.forEach((t, ps) -> ps.forEach(p -> visitor.visit(t, p)));
  }

  /** Receives one topic partition. */
  @FunctionalInterface
  public interface PartitionVisitor {
    void visit(String topic, int partition);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Assignment other && byTopic.equals(other.byTopic);
  }

  @Override
  public int hashCode() {
    return byTopic.hashCode();
  }

  /** For example {@code {orders=[0, 1], payments=[3]}}. */
  @Override
  public String toString() {
    return byTopic.toString();
  }

  /** Accumulates partitions; not thread-safe. */
  public static final class Builder {
    private final TreeMap<String, SortedSet<Integer>> byTopic = new TreeMap<>();
    private int size;

    private Builder() {}

    public Builder add(String topic, int partition) {
      if (partition < 0) {
        throw new IllegalArgumentException("partition must be >= 0, was " + partition + " for topic " + topic);
      }
      if (byTopic.computeIfAbsent(topic, t -> new TreeSet<>()).add(partition)) {
        size++;
      }
      return this;
    }

    public Builder addAll(Assignment other) {
      other.forEach(this::add);
      return this;
    }

    public Builder remove(String topic, int partition) {
      SortedSet<Integer> ps = byTopic.get(topic);
      if (ps != null && ps.remove(partition)) {
        size--;
        if (ps.isEmpty()) {
          byTopic.remove(topic);
        }
      }
      return this;
    }

    public int size() {
      return size;
    }

    public Assignment build() {
      if (size == 0) {
        return EMPTY;
      }
      TreeMap<String, SortedSet<Integer>> copy = new TreeMap<>();
      byTopic.forEach((t, ps) -> copy.put(t, Collections.unmodifiableSortedSet(new TreeSet<>(ps))));
      return new Assignment(copy, size);
    }
  }
}
