package io.strand.store.offsets.assignor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A balanced, sticky assignor (in the spirit of Kafka's uniform assignor). Every member first keeps the partitions
 * of its previous target that it still subscribes to; free partitions then go, one by one, to the eligible member
 * owning the fewest; finally partitions move from the most to the least loaded eligible member until no eligible
 * pair differs by two or more. With identical subscriptions, loads therefore differ by at most one and a joining
 * member takes only its share from the others, which keep the rest. Deterministic: ties break by member id and
 * partition order. Stateless and thread-safe.
 */
public final class UniformAssignor implements PartitionAssignor {
  /** The name groups refer to this assignor by. */
  public static final String NAME = "uniform";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SortedMap<String, Assignment> assign(AssignmentSpec spec) {
    Loads loads = new Loads(spec);
    retainPreviousTargets(spec, loads);
    assignFreePartitions(spec, loads);
    loads.balance();
    return loads.result();
  }

  private static void retainPreviousTargets(AssignmentSpec spec, Loads loads) {
    spec.members().forEach((id, sub) -> sub.currentTarget().forEach((topic, p) -> {
      if (sub.topics().contains(topic) && p < spec.partitionCount(topic) && !loads.isTaken(topic, p)) {
        loads.give(id, topic, p);
      }
    }));
  }

  private static void assignFreePartitions(AssignmentSpec spec, Loads loads) {
    spec.topicPartitions().forEach((topic, count) -> {
      for (int p = 0; p < count; p++) {
        if (loads.isTaken(topic, p)) {
          continue;
        }
        Load target = loads.leastLoadedSubscriber(topic, null);
        if (target == null) {
          return;
        }
        loads.give(target.memberId, topic, p);
      }
    });
  }

  /** A member's current load; ordered by (count, member id). */
  private static final class Load {
    final String memberId;
    final Set<String> topics;
    final TreeSet<Partition> partitions = new TreeSet<>();

    Load(String memberId, Set<String> topics) {
      this.memberId = memberId;
      this.topics = topics;
    }

    int count() {
      return partitions.size();
    }
  }

  private record Partition(String topic, int partition) implements Comparable<Partition> {
    @Override
    public int compareTo(Partition o) {
      int c = topic.compareTo(o.topic);
      return c != 0 ? c : Integer.compare(partition, o.partition);
    }
  }

  /** The working assignment: who holds what, with members ordered by load for cheap min/max lookups. */
  private static final class Loads {
    private static final Comparator<Load> BY_LOAD =
        Comparator.comparingInt(Load::count).thenComparing(l -> l.memberId);

    private final Map<String, Load> byMember = new HashMap<>();
    private final TreeSet<Load> ordered = new TreeSet<>(BY_LOAD);
    private final Set<Partition> taken = new HashSet<>();

    Loads(AssignmentSpec spec) {
      spec.members().forEach((id, sub) -> {
        Load l = new Load(id, sub.topics());
        byMember.put(id, l);
        ordered.add(l);
      });
    }

    boolean isTaken(String topic, int partition) {
      return taken.contains(new Partition(topic, partition));
    }

    void give(String memberId, String topic, int partition) {
      Load l = byMember.get(memberId);
      ordered.remove(l);
      l.partitions.add(new Partition(topic, partition));
      ordered.add(l);
      taken.add(new Partition(topic, partition));
    }

    private void move(Load from, Load to, Partition p) {
      ordered.remove(from);
      ordered.remove(to);
      from.partitions.remove(p);
      to.partitions.add(p);
      ordered.add(from);
      ordered.add(to);
    }

    /** The least loaded member subscribed to {@code topic}, other than {@code except}; null if none. */
    Load leastLoadedSubscriber(String topic, Load except) {
      for (Load l : ordered) {
        if (l != except && l.topics.contains(topic)) {
          return l;
        }
      }
      return null;
    }

    /** Moves partitions from heavier to lighter eligible members until no move reduces imbalance. */
    void balance() {
      boolean moved = true;
      while (moved) {
        moved = false;
        List<Load> heaviestFirst = new ArrayList<>(ordered.descendingSet());
        for (Load from : heaviestFirst) {
          if (moveOne(from)) {
            moved = true;
            break;
          }
        }
      }
    }

    private boolean moveOne(Load from) {
      for (Partition p : from.partitions.descendingSet()) {
        Load to = leastLoadedSubscriber(p.topic, from);
        if (to != null && to.count() < from.count() - 1) {
          move(from, to, p);
          return true;
        }
      }
      return false;
    }

    SortedMap<String, Assignment> result() {
      SortedMap<String, Assignment> out = new TreeMap<>();
      byMember.forEach((id, l) -> {
        Assignment.Builder b = Assignment.builder();
        l.partitions.forEach(p -> b.add(p.topic, p.partition));
        out.put(id, b.build());
      });
      return out;
    }
  }
}
