package io.strand.chaos.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How one node is started.
 *
 * @param nodeId node id (1..)
 * @param host the address the node advertises and peers reach it at
 * @param grpcPort client port
 * @param raftPort Raft port
 * @param metricsPort metrics port (0 = disabled)
 * @param dataDir data directory (kept across restarts)
 */
public record NodeSpec(int nodeId, String host, int grpcPort, int raftPort, int metricsPort, Path dataDir) {

  /** {@code host:grpcPort}. */
  public String grpcAddress() {
    return host + ":" + grpcPort;
  }

  /** {@code id=host:raftPort}, one entry of {@code --peers}. */
  public String peerEntry() {
    return nodeId + "=" + host + ":" + raftPort;
  }

  /** The {@code bin/strand server} arguments for this node in a cluster with {@code peers}. */
  public List<String> serverArgs(String peers) {
    return new ArrayList<>(List.of("server", "--node-id", Integer.toString(nodeId), "--data-dir",
        dataDir.toString(), "--grpc-port", Integer.toString(grpcPort), "--raft-port", Integer.toString(raftPort),
        "--metrics-port", Integer.toString(metricsPort), "--advertised-host", host, "--peers", peers));
  }
}
