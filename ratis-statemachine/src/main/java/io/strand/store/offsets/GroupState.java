package io.strand.store.offsets;

/** A group's state as admins see it, derived from its epochs and members. */
public enum GroupState {
  /** No members (the group may still hold committed offsets). */
  EMPTY,
  /** The group epoch moved past the target assignment epoch; a new target is due. */
  ASSIGNING,
  /** The target is computed; some members have not reached it yet. */
  RECONCILING,
  /** Every member owns exactly its target partitions at the current epoch. */
  STABLE
}
