/**
 * Server-side partition assignors for consumer groups: given every member's resolved subscription and previous
 * target, compute each member's target partitions. Pure functions of their input (no clocks, no randomness, no
 * hash-order dependence), because the group coordinator's records must be reproducible.
 *
 * <p>This package owns the {@link io.strand.store.offsets.assignor.Assignment} value type and the assignors. It
 * must never depend on the rest of {@code io.strand.store.offsets}, on Ratis, on protobuf or on gRPC.
 */
package io.strand.store.offsets.assignor;
