package io.strand.chaos.nemesis;

import io.strand.chaos.cluster.MetadataProbe;
import io.strand.chaos.cluster.PartitionView;
import io.strand.chaos.schedule.NodeTarget;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Turns a {@link NodeTarget} into a node id at the moment a fault starts, asking the cluster who leads the
 * partition. When the cluster cannot say (no leader, nobody answers), a node is drawn from the seeded random so the
 * fault still happens; the resolution says so.
 *
 * <p>Not thread-safe; the nemesis thread owns it.
 */
final class TargetResolver {
  private final MetadataProbe probe;
  private final String topic;
  private final List<Integer> nodes;
  private final Random random;

  TargetResolver(MetadataProbe probe, String topic, List<Integer> nodes, Random random) {
    this.probe = probe;
    this.topic = topic;
    this.nodes = List.copyOf(nodes);
    this.random = random;
  }

  /**
   * A resolved target.
   *
   * @param nodeId the node
   * @param how how it was chosen, for the history ({@code leader of p1}, {@code random: p1 has no leader})
   */
  record Resolution(int nodeId, String how) {
  }

  Resolution resolve(NodeTarget target) {
    if (target.role() == NodeTarget.Role.NODE) {
      return new Resolution(target.id(), "fixed");
    }
    Optional<PartitionView> view = probe.partition(topic, target.id());
    if (view.isPresent() && view.get().leader().isPresent()) {
      if (target.role() == NodeTarget.Role.LEADER) {
        return new Resolution(view.get().leader().getAsInt(), "leader of p" + target.id());
      }
      List<Integer> followers = view.get().followers();
      if (!followers.isEmpty()) {
        return new Resolution(followers.get(random.nextInt(followers.size())), "follower of p" + target.id());
      }
    }
    int node = nodes.get(random.nextInt(nodes.size()));
    return new Resolution(node, "random: p" + target.id() + " has no known leader");
  }

  /** The current leader of a partition, if known. */
  Optional<Integer> leaderOf(int partition) {
    return probe.partition(topic, partition).flatMap(v -> v.leader().isPresent()
        ? Optional.of(v.leader().getAsInt()) : Optional.empty());
  }

  /** Followers of a partition right now (empty if unknown). */
  List<Integer> followersOf(int partition) {
    return probe.partition(topic, partition).filter(v -> v.leader().isPresent()).map(PartitionView::followers)
        .orElse(List.of());
  }
}
