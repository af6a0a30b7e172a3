package io.strand.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Chooses replicas for new partitions so that replicas and preferred leaders are spread evenly over nodes.
 *
 * <p>Greedy and deterministic (every metadata replica must compute the same answer): each new partition's
 * preferred leader is the eligible node with the fewest preferred leaderships (then fewest replicas), and its
 * followers are the nodes with the fewest replicas; ties rotate with the partition number so consecutive
 * partitions start on different nodes. Existing partitions are counted, so repeated topic creation stays
 * balanced.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReplicaPlacement {

  private ReplicaPlacement() {}

  /**
   * Assigns {@code count} new partitions numbered from {@code firstPartition}.
   *
   * @param load current [replicas, preferred leaders] per node; updated in place with the new assignment
   * @param eligible nodes that may receive replicas; must have at least {@code replicationFactor} members
   * @return one replica list per new partition, preferred leader first
   */
  static List<List<Integer>> assign(Map<Integer, int[]> load, Collection<Integer> eligible, int firstPartition,
                                    int count, int replicationFactor) {
    List<Integer> nodes = new ArrayList<>(new TreeSet<>(eligible));
    if (replicationFactor < 1 || replicationFactor > nodes.size()) {
      throw new IllegalArgumentException(
          "replication factor " + replicationFactor + " needs that many eligible nodes, have " + nodes);
    }
    Map<Integer, int[]> counts = new HashMap<>();
    for (int node : nodes) {
      counts.put(node, load.computeIfAbsent(node, k -> new int[2]));
    }
    List<List<Integer>> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int partition = firstPartition + i;
      Comparator<Integer> rotation = Comparator.comparingInt(n -> Math.floorMod(nodes.indexOf(n) - partition,
          nodes.size()));
      Integer leader = nodes.stream()
          .min(Comparator.<Integer>comparingInt(n -> counts.get(n)[1])
              .thenComparingInt(n -> counts.get(n)[0])
              .thenComparing(rotation))
          .orElseThrow();
      List<Integer> replicas = new ArrayList<>(replicationFactor);
      replicas.add(leader);
      nodes.stream()
          .filter(n -> !n.equals(leader))
          .sorted(Comparator.<Integer>comparingInt(n -> counts.get(n)[0]).thenComparing(rotation))
          .limit(replicationFactor - 1L)
          .forEach(replicas::add);
      for (int r = 0; r < replicas.size(); r++) {
        int[] c = counts.get(replicas.get(r));
        c[0]++;
        if (r == 0) {
          c[1]++;
        }
      }
      result.add(List.copyOf(replicas));
    }
    return result;
  }
}
