package io.strand.store.raft;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Resolves a node id to its Raft (Ratis gRPC) endpoint. Implemented by the composition root from cluster metadata
 * or the static {@code --peers} list. Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface NodeAddressBook {
  /** The node's Raft endpoint, or empty if the node is unknown. */
  Optional<InetSocketAddress> raftAddress(int nodeId);
}
