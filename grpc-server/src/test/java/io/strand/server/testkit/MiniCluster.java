package io.strand.server.testkit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strand.api.v1.AdminServiceGrpc;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.server.StrandNode;
import io.strand.server.config.ServerConfig;
import io.strand.store.partition.PartitionReplica;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real Strand nodes in this JVM on loopback with free ports: real Ratis, real gRPC. Each node keeps its data
 * directory and ports across {@link #stop}/{@link #restart}. Published in the grpc-server test-jar for the SDK
 * and CLI tests.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class MiniCluster implements AutoCloseable {

  /** How long {@link #start()}, {@link #restart} and the await helpers wait. */
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataRoot;
  private final boolean ownsDataRoot;
  private final Map<Integer, ServerConfig> configs = new TreeMap<>();
  private final Map<Integer, StrandNode> running = new TreeMap<>();
  private final Map<Integer, ManagedChannel> channels = new TreeMap<>();

  private MiniCluster(Path dataRoot, boolean ownsDataRoot, Map<Integer, ServerConfig> configs) {
    this.dataRoot = dataRoot;
    this.ownsDataRoot = ownsDataRoot;
    this.configs.putAll(configs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts every node and waits until all are ready (metadata leader elected, every node registered). */
  public MiniCluster start() {
    try {
      for (int id : configs.keySet()) {
        running.put(id, StrandNode.start(configs.get(id)));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
    awaitReady();
    return this;
  }

  /** The gRPC endpoints of all nodes, "127.0.0.1:p1,127.0.0.1:p2,...". */
  public String bootstrap() {
    return configs.values().stream().map(c -> "127.0.0.1:" + c.grpcPort()).collect(Collectors.joining(","));
  }

  public List<Integer> nodeIds() {
    return List.copyOf(configs.keySet());
  }

  /** A running node. */
  public StrandNode node(int nodeId) {
    StrandNode node = running.get(nodeId);
    if (node == null) {
      throw new IllegalStateException("node " + nodeId + " is not running");
    }
    return node;
  }

  public boolean isRunning(int nodeId) {
    return running.containsKey(nodeId);
  }

  public ServerConfig config(int nodeId) {
    return configs.get(nodeId);
  }

  /** Stops a node gracefully; its data directory and ports are kept for {@link #restart}. */
  public void stop(int nodeId) {
    ManagedChannel channel = channels.remove(nodeId);
    if (channel != null) {
      channel.shutdownNow();
    }
    StrandNode node = running.remove(nodeId);
    if (node != null) {
      node.close();
    }
  }

  /** Starts a stopped node again with the same data directory and ports, and waits until it is ready. */
  public void restart(int nodeId) {
    stop(nodeId);
    try {
      running.put(nodeId, StrandNode.start(configs.get(nodeId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StrandNode node = running.get(nodeId);
    Waits.until("node " + nodeId + " ready after restart", STARTUP_TIMEOUT, node::isReady,
        () -> node.notReadyReason().orElse(""));
  }

  /** A channel to a running node's gRPC port (closed with the cluster or when the node stops). */
  public ManagedChannel channel(int nodeId) {
    node(nodeId);
    return channels.computeIfAbsent(nodeId, id -> NettyChannelBuilder.forAddress("127.0.0.1",
        configs.get(id).grpcPort()).usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build());
  }

  public ProduceServiceGrpc.ProduceServiceBlockingStub produce(int nodeId) {
    return ProduceServiceGrpc.newBlockingStub(channel(nodeId)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public FetchServiceGrpc.FetchServiceBlockingStub fetch(int nodeId) {
    return FetchServiceGrpc.newBlockingStub(channel(nodeId)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public AdminServiceGrpc.AdminServiceBlockingStub admin(int nodeId) {
    return AdminServiceGrpc.newBlockingStub(channel(nodeId)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public MetadataServiceGrpc.MetadataServiceBlockingStub metadata(int nodeId) {
    return MetadataServiceGrpc.newBlockingStub(channel(nodeId)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Creates a topic through the admin API of the first running node and waits until every partition leads. */
  public void createTopic(String name, int partitions, int replicationFactor) {
    admin(running.keySet().iterator().next()).createTopic(CreateTopicRequest.newBuilder().setName(name)
        .setPartitions(partitions).setReplicationFactor(replicationFactor).build());
    for (int p = 0; p < partitions; p++) {
      awaitLeader(name, p);
    }
  }

  /** Waits until a running node leads the partition and is ready to serve it; returns that node's id. */
  public int awaitLeader(String topic, int partition) {
    int[] leader = {-1};
    Waits.until("a ready leader of " + topic + "-" + partition, STARTUP_TIMEOUT, () -> {
      for (StrandNode node : running.values()) {
        Optional<PartitionReplica> replica = node.localReplica(topic, partition);
        if (replica.isPresent() && replica.get().isLeaderReady()) {
          leader[0] = node.nodeId();
          return true;
        }
      }
      return false;
    });
    return leader[0];
  }

  /** Waits until every running node is ready. */
  public void awaitReady() {
    for (StrandNode node : running.values()) {
      Waits.until("node " + node.nodeId() + " ready", STARTUP_TIMEOUT, node::isReady,
          () -> node.notReadyReason().orElse(""));
    }
  }

  /** A node's data directory. */
  public Path dataDir(int nodeId) {
    return configs.get(nodeId).dataDir();
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
    List<Integer> ids = new ArrayList<>(running.keySet());
    ids.forEach(this::stop);
    if (ownsDataRoot) {
      deleteRecursively(dataRoot);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds a cluster description; nothing starts until {@link MiniCluster#start()}. Not thread-safe. */
  public static final class Builder {
    private int nodes = 3;
    private Path dataRoot;
    private Consumer<ServerConfig.Builder> configure = b -> { };

    private Builder() {}

    public Builder nodes(int count) {
      this.nodes = count;
      return this;
    }

    /** Parent of the node data directories (node-1, node-2, ...); default: a temp dir deleted on close. */
    public Builder dataRoot(Path root) {
      this.dataRoot = root;
      return this;
    }

    /** Adjusts every node's config (ids, ports, peers and data dirs are set by the harness afterwards). */
    public Builder configure(Consumer<ServerConfig.Builder> customizer) {
      this.configure = customizer;
      return this;
    }

    public MiniCluster build() {
      boolean owns = dataRoot == null;
      Path root;
      try {
        root = owns ? Files.createTempDirectory("strand-minicluster") : Files.createDirectories(dataRoot);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      FreePorts ports = new FreePorts();
      Map<Integer, int[]> assigned = new LinkedHashMap<>();
      Map<Integer, String> peers = new LinkedHashMap<>();
      for (int id = 1; id <= nodes; id++) {
        int[] p = {ports.next(), ports.next(), ports.next()};
        assigned.put(id, p);
        peers.put(id, "127.0.0.1:" + p[1]);
      }
      Map<Integer, ServerConfig> configs = new TreeMap<>();
      assigned.forEach((id, p) -> {
        ServerConfig.Builder b = ServerConfig.builder().bindHost("127.0.0.1").advertisedHost("127.0.0.1");
        configure.accept(b);
        configs.put(id, b.nodeId(id).grpcPort(p[0]).raftPort(p[1]).metricsPort(p[2])
            .peers(nodes == 1 ? Map.of() : peers).dataDir(root.resolve("node-" + id)).build());
      });
      return new MiniCluster(root, owns, configs);
    }

    /** Same as {@code build().start()}. */
    public MiniCluster start() {
      return build().start();
    }
  }
}
