/**
 * A partition replicated by its own Raft group: the state machine that applies committed commands to the
 * segmented log ({@link io.strand.store.partition.PartitionStateMachine}, with the deterministic core in
 * {@code PartitionApplier}), idempotent-producer state ({@link io.strand.store.partition.ProducerStateTable}),
 * snapshots and follower catch-up, leader-side group commit ({@link io.strand.store.partition.PartitionAppender})
 * and the {@link io.strand.store.partition.PartitionReplica} API the gRPC front end calls.
 *
 * <p>Design: docs/design/partition-replication.md and docs/adr/001-batch-in-raft-entry.md. Depends on
 * {@code io.strand.store.log}, {@code io.strand.record}, the internal protos and Ratis; must never depend on io.grpc,
 * grpc-server or the client SDK.
 */
package io.strand.store.partition;
