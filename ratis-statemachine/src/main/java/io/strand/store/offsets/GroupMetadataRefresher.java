package io.strand.store.offsets;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps a group's group-level metadata in step with its members and the cluster's topics: the chosen assignor (the
 * one most members prefer, ties by name, else the default), the subscribed topics' partition counts and the
 * empty-since time. Any change to membership, subscriptions, assignor or partition counts bumps the group epoch,
 * which makes the next step compute a new target assignment. Stateless.
 */
final class GroupMetadataRefresher {
  private GroupMetadataRefresher() {}

  /**
   * Emits a group metadata record if anything changed.
   *
   * @param membershipChanged a member joined, left or changed its subscription: bump the epoch regardless
   */
  static void refresh(GroupTransaction tx, TopicsView topics, long nowMs, boolean membershipChanged,
      OffsetsConfig config) {
    ConsumerGroup g = tx.group();
    SortedMap<String, Integer> subscribed = new SubscriptionResolver().subscribedTopics(g.members().values(), topics);
    String assignor = preferredAssignor(g, config.defaultAssignor());
    long emptySince = g.isEmpty() ? (g.emptySinceMs() >= 0 ? g.emptySinceMs() : nowMs) : -1;
    boolean bump = membershipChanged || !subscribed.equals(g.subscribedTopics()) || !assignor.equals(g.assignor());
    if (bump || emptySince != g.emptySinceMs()) {
      tx.append(Records.groupMetadata(g.groupId(), bump ? g.groupEpoch() + 1 : g.groupEpoch(), assignor,
          emptySince, subscribed));
    }
  }

  private static String preferredAssignor(ConsumerGroup g, String defaultAssignor) {
    Map<String, Integer> votes = new TreeMap<>();
    g.members().values().forEach(m -> {
      if (!m.serverAssignor().isEmpty()) {
        votes.merge(m.serverAssignor(), 1, Integer::sum);
      }
    });
    String best = defaultAssignor;
    int bestVotes = 0;
    for (Map.Entry<String, Integer> e : votes.entrySet()) {
      if (e.getValue() > bestVotes) {
        best = e.getKey();
        bestVotes = e.getValue();
      }
    }
    return best;
  }
}
