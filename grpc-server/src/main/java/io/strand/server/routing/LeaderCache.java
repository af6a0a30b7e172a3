package io.strand.server.routing;

import io.strand.store.partition.TopicPartitionId;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leader hints for partitions this node does not host, learned from NOT_LEADER answers and from successful
 * forwards. Only a hint: a stale entry costs one NOT_LEADER round trip.
 *
 * <p>Thread-safe.
 */
public final class LeaderCache {

  private final Map<TopicPartitionId, Integer> leaders = new ConcurrentHashMap<>();

  public OptionalInt get(TopicPartitionId id) {
    Integer leader = leaders.get(id);
    return leader == null ? OptionalInt.empty() : OptionalInt.of(leader);
  }

  /** Records a hint; a negative id clears the entry. */
  public void update(TopicPartitionId id, int leaderId) {
    if (leaderId < 0) {
      leaders.remove(id);
    } else {
      leaders.put(id, leaderId);
    }
  }

  /** Forgets the entry if it still points at {@code leaderId} (that node did not answer as leader). */
  public void invalidate(TopicPartitionId id, int leaderId) {
    leaders.remove(id, leaderId);
  }
}
