/**
 * Ratis wiring of a Strand node: {@link io.strand.store.raft.RaftNode} (one RaftServer hosting every group),
 * {@link io.strand.store.raft.RatisTuning} and {@link io.strand.store.raft.RatisProperties} (the only place that sets
 * Ratis configuration keys), group and peer naming ({@link io.strand.store.raft.RaftGroups}), the shaded-protobuf
 * boundary ({@link io.strand.store.raft.ProtoBridge}), and the restart of groups that stop while the node runs
 * ({@code GroupRestarter}; state machines report a failed Raft log write through
 * {@link io.strand.store.raft.LogFailures}).
 *
 * <p>Composes {@code io.strand.store.partition}; the partition package only uses this package's leaf types
 * (tuning, group naming, ProtoBridge, LogFailures). Must never depend on io.grpc (Strand's front end), grpc-server or the client
 * SDK; shaded Ratis protobuf types stay behind ProtoBridge.
 */
package io.strand.store.raft;
