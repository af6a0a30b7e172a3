package io.strand.chaos.fault;

import java.util.List;

/**
 * Where the nodes of a test cluster live on the network, and the faults that network can inject.
 *
 * <p>Implementations are thread-safe.
 */
public interface ClusterNetwork extends AutoCloseable {
  /** The address node {@code nodeId} binds and advertises (gRPC and Raft). */
  String nodeHost(int nodeId);

  /** Argv prefix that starts a process on node {@code nodeId}'s host (empty: this host). */
  List<String> nodeLaunchPrefix(int nodeId);

  /** Argv prefix that starts a client process where it can reach every node (empty: this host). */
  List<String> clientLaunchPrefix();

  /** True if this JVM itself can reach the nodes (the workload may run in-process). */
  boolean reachableFromHere();

  /** True if {@link #partition} and {@link #slow} work on this network. */
  boolean supportsLinkFaults();

  /** Drops every packet on the partition's links until {@link #heal}. Adds to faults already in place. */
  void partition(NetworkPartition partition);

  /** Throttles one directed link to {@code rateKbit} kbit/s until {@link #heal}, which delays what crosses it. */
  void slow(Link link, int rateKbit);

  /** Removes every partition and slow link. */
  void heal();

  /** Heals and removes everything the network created; idempotent. */
  @Override
  void close();
}
