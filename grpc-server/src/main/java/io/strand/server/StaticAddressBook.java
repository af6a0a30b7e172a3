package io.strand.server;

import io.strand.server.cluster.ClusterMetadata;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.config.ServerConfig;
import io.strand.store.raft.NodeAddressBook;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Raft addresses of nodes: the configured peers, else what a node registered in the metadata. Thread-safe and
 * non-blocking.
 */
final class StaticAddressBook implements NodeAddressBook {

  private final Map<Integer, String> peers;
  private final ClusterMetadata metadata;

  StaticAddressBook(ServerConfig config, ClusterMetadata metadata) {
    this.peers = config.effectivePeers();
    this.metadata = metadata;
  }

  @Override
  public Optional<InetSocketAddress> raftAddress(int nodeId) {
    String address = peers.get(nodeId);
    if (address == null) {
      address = metadata.image().node(nodeId).map(NodeRegistration::raftAddress).orElse(null);
    }
    return Optional.ofNullable(address).map(StaticAddressBook::parse);
  }

  private static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
