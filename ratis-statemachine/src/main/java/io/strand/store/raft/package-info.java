/**
 * Ratis wiring of a Strand node: {@link io.strand.store.raft.RaftNode} (one RaftServer hosting every group),
 * {@link io.strand.store.raft.RatisTuning} and {@link io.strand.store.raft.RatisProperties} (the only place that sets
 * Ratis configuration keys), group and peer naming ({@link io.strand.store.raft.RaftGroups}) and the shaded-protobuf
 * boundary ({@link io.strand.store.raft.ProtoBridge}).
 *
 * <p>Composes {@code io.strand.store.partition}; the partition package only uses this package's leaf types
 * (tuning, group naming, ProtoBridge). Must never depend on io.grpc (Strand's front end), grpc-server or the client
 * SDK; shaded Ratis protobuf types stay behind ProtoBridge.
 */
package io.strand.store.raft;
