package io.strand.store.offsets;

/** Where a member is in reconciling towards its target assignment. */
public enum MemberState {
  /** The member owns exactly what its target epoch gives it. */
  STABLE,
  /** The member must release partitions pending revocation before it may advance its epoch. */
  UNREVOKED_PARTITIONS,
  /** The member reached the target epoch but waits for partitions others have not released yet. */
  UNRELEASED_PARTITIONS
}
