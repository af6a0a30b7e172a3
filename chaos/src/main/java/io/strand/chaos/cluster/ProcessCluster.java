package io.strand.chaos.cluster;

import io.strand.chaos.fault.ClusterNetwork;
import io.strand.chaos.fault.ProcessControl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * N Strand nodes as separate processes. With a network that gives every node its own host, all nodes use the
 * same fixed ports; on loopback each node gets free ports picked at start.
 *
 * <p>Thread-safe: nodes are independently synchronized; the node map is fixed at construction.
 */
public final class ProcessCluster implements AutoCloseable {
  /** Ports every node uses when it has a host of its own. */
  public static final int GRPC_PORT = 7070;
  public static final int RAFT_PORT = 7071;
  public static final int METRICS_PORT = 7072;

  private final Map<Integer, NodeProcess> nodes;

  private ProcessCluster(Map<Integer, NodeProcess> nodes) {
    this.nodes = nodes;
  }

  /**
   * Lays out (does not start) nodes {@code 1..count}: data in {@code runDir/data/n<id>}, logs in
   * {@code runDir/node-<id>.log}.
   */
  public static ProcessCluster layout(int count, Path runDir, StrandLauncher launcher, ClusterNetwork network,
      ProcessControl control) throws IOException {
    List<NodeSpec> specs = new ArrayList<>();
    boolean ownHosts = !network.nodeHost(1).equals(network.nodeHost(count));
    for (int id = 1; id <= count; id++) {
      String host = network.nodeHost(id);
      Path dataDir = runDir.resolve("data").resolve("n" + id).toAbsolutePath();
      specs.add(ownHosts ? new NodeSpec(id, host, GRPC_PORT, RAFT_PORT, METRICS_PORT, dataDir)
          : new NodeSpec(id, host, freePort(host), freePort(host), freePort(host), dataDir));
    }
    String peers = specs.stream().map(NodeSpec::peerEntry).collect(Collectors.joining(","));
    Map<Integer, NodeProcess> nodes = new LinkedHashMap<>();
    for (NodeSpec spec : specs) {
      List<String> command = new ArrayList<>(network.nodeLaunchPrefix(spec.nodeId()));
      command.addAll(launcher.command(spec.serverArgs(peers)));
      nodes.put(spec.nodeId(), new NodeProcess(spec, command,
          runDir.resolve("node-" + spec.nodeId() + ".log").toAbsolutePath(), control));
    }
    return new ProcessCluster(nodes);
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  public List<Integer> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  public NodeProcess node(int id) {
    NodeProcess node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("no node " + id + " in " + nodes.keySet());
    }
    return node;
  }

  /** {@code host:port,...} of every node's gRPC endpoint. */
  public String bootstrap() {
    return nodes.values().stream().map(n -> n.spec().grpcAddress()).collect(Collectors.joining(","));
  }

  /** Starts every node and waits until all listen; fails naming the nodes that did not. */
  public void start(Duration timeout) throws IOException, InterruptedException {
    for (NodeProcess node : nodes.values()) {
      node.start();
    }
    List<Integer> late = new ArrayList<>();
    for (NodeProcess node : nodes.values()) {
      if (!node.awaitListening(timeout)) {
        late.add(node.spec().nodeId());
      }
    }
    if (!late.isEmpty()) {
      throw new IOException("nodes " + late + " exited or did not listen within " + timeout
          + "; see node-<id>.log in the run directory");
    }
  }

  /** Resumes paused nodes and starts stopped ones (the healed state). */
  public void healProcesses() throws IOException {
    for (NodeProcess node : nodes.values()) {
      switch (node.state()) {
        case PAUSED -> node.resume();
        case STOPPED -> node.start();
        default -> {
          // running: nothing to heal
        }
      }
    }
  }

  @Override
  public void close() {
    nodes.values().forEach(NodeProcess::close);
  }
}
