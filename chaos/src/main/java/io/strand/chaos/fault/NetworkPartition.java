package io.strand.chaos.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which directed links a partition cuts. Built from groups of nodes: two nodes can talk if some group holds both,
 * so {@code 1,2|3} is a majority/minority split, {@code 1|2,3} isolates node 1, and {@code 1,2,3|3,4,5} is a
 * bridge (node 3 sees everyone, 1 and 2 cannot reach 4 and 5). Nodes in no group are isolated.
 *
 * @param description the groups as written, e.g. {@code 1,2|3}
 * @param cut the directed links that drop every packet
 */
public record NetworkPartition(String description, Set<Link> cut) {
  public NetworkPartition {
    cut = Set.copyOf(cut);
  }

  /** The partition defined by {@code groups} over {@code nodes} (see the class comment). */
  public static NetworkPartition ofGroups(List<Set<Integer>> groups, Collection<Integer> nodes) {
    Set<Link> cut = new TreeSet<>(Comparator.comparingInt(Link::from).thenComparingInt(Link::to));
    for (int a : nodes) {
      for (int b : nodes) {
        if (a != b && groups.stream().noneMatch(g -> g.contains(a) && g.contains(b))) {
          cut.add(new Link(a, b));
        }
      }
    }
    String description = groups.stream()
        .map(g -> g.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
        .collect(Collectors.joining("|"));
    return new NetworkPartition(description, cut);
  }

  /** Parses {@code 1,2|3} (see the class comment) over {@code nodes}. */
  public static NetworkPartition parse(String groups, Collection<Integer> nodes) {
    List<Set<Integer>> parsed = new ArrayList<>();
    for (String group : groups.split("\\|")) {
      Set<Integer> members = new TreeSet<>();
      for (String id : group.split(",")) {
        int node = Integer.parseInt(id.strip());
        if (!nodes.contains(node)) {
          throw new IllegalArgumentException("partition " + groups + " names node " + node + ", not in " + nodes);
        }
        members.add(node);
      }
      parsed.add(members);
    }
    return ofGroups(parsed, nodes);
  }

  /** Isolates {@code node} from every other node. */
  public static NetworkPartition isolate(int node, Collection<Integer> nodes) {
    Set<Integer> rest = new TreeSet<>(nodes);
    rest.remove(node);
    return ofGroups(List.of(Set.of(node), rest), nodes);
  }

  @Override
  public String toString() {
    return description;
  }
}
