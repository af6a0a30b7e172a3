package io.strand.store.offsets.assignor;

import java.util.SortedMap;

/**
 * A server-side assignor: computes every member's target partitions. Implementations must be deterministic (the
 * same spec always yields the same result, independent of hash ordering or time), must give each partition of a
 * subscribed topic to exactly one member subscribed to it, and must be stateless, hence thread-safe.
 */
public interface PartitionAssignor {
  /** The name members and groups refer to it by, lower case. */
  String name();

  /**
   * Computes the target assignment.
   *
   * @return an entry for every member of the spec (possibly {@link Assignment#EMPTY}), ascending by member id
   */
  SortedMap<String, Assignment> assign(AssignmentSpec spec);
}
