package io.strand.store.raft;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.partition.PartitionCatchUpSource;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSnapshotInfo;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.TopicPartitionId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * N real {@link RaftNode}s in this JVM on free loopback ports, each with its own data directory under a root the
 * test owns. Nodes can be stopped and restarted on the same port and directory. Lagging followers catch up through
 * {@link InProcessCatchUpSource}, which reads from the leader node's replica like grpc-server's implementation does
 * over the network.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class RaftTestCluster implements AutoCloseable {
  private final Path root;
  private final RatisTuning tuning;
  private final Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
  private final Map<Integer, RaftNode> nodes = new ConcurrentSkipListMap<>();
  private final Map<Integer, MeterRegistry> meters = new ConcurrentSkipListMap<>();

  private RaftTestCluster(Path root, RatisTuning tuning) {
    this.root = root;
    this.tuning = tuning;
  }

  /** Starts {@code count} nodes (ids 1..count) with test tuning (short election timeouts) adjusted by the caller. */
  public static RaftTestCluster start(Path root, int count, Consumer<RatisTuning.Builder> adjust) throws IOException {
    RatisTuning.Builder builder = RatisTuning.builder()
        .electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000))
        .requestTimeout(Duration.ofSeconds(3))
        .maxEntryBytes(256 * 1024)
        .maxQueuedBytes(4L * 1024 * 1024)
        .raftLogCache(2, 4L * 1024 * 1024)
        .raftLogQueueBytes(4L * 1024 * 1024)
        .leaderPendingBytes(4L * 1024 * 1024)
        .retentionCheckInterval(Duration.ofMillis(200))
        .callbackThreads(1);
    adjust.accept(builder);
    RaftTestCluster cluster = new RaftTestCluster(root, builder.build());
    for (int id = 1; id <= count; id++) {
      cluster.addresses.put(id, new InetSocketAddress("127.0.0.1", freePort()));
    }
    try {
      for (int id = 1; id <= count; id++) {
        cluster.startNode(id);
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private void startNode(int id) throws IOException {
    RaftNodeConfig config = new RaftNodeConfig(id, "127.0.0.1", addresses.get(id).getPort(),
        root.resolve("node-" + id), tuning);
    MeterRegistry registry = new SimpleMeterRegistry();
    RaftNode node = new RaftNode(config, nodeId -> Optional.ofNullable(addresses.get(nodeId)), GroupRegistry.none(),
        new InProcessCatchUpSource(), registry, Clock.systemUTC());
    node.start();
    nodes.put(id, node);
    meters.put(id, registry);
  }

  public RaftNode node(int id) {
    RaftNode node = nodes.get(id);
    if (node == null) {
      throw new IllegalStateException("node " + id + " is not running");
    }
    return node;
  }

  public MeterRegistry meters(int id) {
    return meters.get(id);
  }

  public List<Integer> runningNodes() {
    return new ArrayList<>(nodes.keySet());
  }

  public void stop(int id) {
    RaftNode node = nodes.remove(id);
    if (node != null) {
      node.close();
    }
  }

  public void restart(int id) throws IOException {
    stop(id);
    startNode(id);
  }

  /**
   * Adds the partition on every replica node and waits until the preferred (first) replica is the ready leader:
   * another replica may win the first election, but Ratis then hands leadership to the preferred one, and tests
   * that append to "the leader" need it to stay put.
   */
  public PartitionSpec createPartition(String topic, int partition, LogConfig config, List<Integer> replicas) {
    PartitionSpec spec = new PartitionSpec(new TopicPartitionId(topic, partition), "id-" + topic, replicas, config);
    replicas.forEach(id -> node(id).addPartition(spec).orTimeout(30, TimeUnit.SECONDS).join());
    awaitLeader(spec.id(), replicas.get(0));
    return spec;
  }

  /** Waits up to 60 s until {@code nodeId} is the partition's ready leader. */
  public void awaitLeader(TopicPartitionId id, int nodeId) {
    await("node " + nodeId + " leads " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> nodes.containsKey(nodeId) && node(nodeId).partition(id).map(PartitionReplica::isLeaderReady)
            .orElse(false));
  }

  /** The node id of the partition's ready leader among the running nodes, waiting up to 30 s for one. */
  public int awaitLeader(TopicPartitionId id) {
    int[] leader = new int[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      for (Map.Entry<Integer, RaftNode> e : nodes.entrySet()) {
        Optional<PartitionReplica> replica = e.getValue().partition(id);
        if (replica.isPresent() && replica.get().isLeaderReady()) {
          leader[0] = e.getKey();
          return true;
        }
      }
      return false;
    });
    return leader[0];
  }

  public PartitionReplica replica(int nodeId, TopicPartitionId id) {
    return node(nodeId).partition(id).orElseThrow(() ->
        new IllegalStateException("node " + nodeId + " does not host " + id));
  }

  /** Waits until the node's replica of {@code id} has committed up to {@code offset}. */
  public void awaitHighWatermark(int nodeId, TopicPartitionId id, long offset) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> replica(nodeId, id).highWatermark() == offset);
  }

  /** Every committed batch of the replica, as bytes, in offset order. */
  public static List<byte[]> committedBatches(PartitionReplica replica) {
    List<byte[]> batches = new ArrayList<>();
    long offset = replica.logStartOffset();
    while (offset < replica.highWatermark()) {
      LogReadResult read = replica.read(offset, 64 * 1024);
      for (RecordBatch batch : RecordBatches.iterate(read.records())) {
        ByteBuffer bytes = batch.buffer();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        batches.add(copy);
      }
      offset = read.nextOffset();
    }
    return batches;
  }

  /** Stops every node; in parallel, since each Ratis server spends about two seconds shutting down its event loops. */
  @Override
  public void close() {
    new ArrayList<>(nodes.keySet()).parallelStream().forEach(this::stop);
  }

  /** Serves catch-up from the leader node's replica in this JVM, as grpc-server does over its replica RPC. */
  private final class InProcessCatchUpSource implements PartitionCatchUpSource {
    @Override
    public PartitionSnapshotInfo snapshotInfo(TopicPartitionId id, int leaderNodeId) throws IOException {
      return leader(id, leaderNodeId).snapshotInfo();
    }

    @Override
    public ByteBuffer readBatches(TopicPartitionId id, int leaderNodeId, long fromOffset, int maxBytes)
        throws IOException {
      return leader(id, leaderNodeId).read(fromOffset, maxBytes).records();
    }

    private PartitionReplica leader(TopicPartitionId id, int leaderNodeId) throws IOException {
      RaftNode node = nodes.get(leaderNodeId);
      if (node == null) {
        throw new IOException("node " + leaderNodeId + " is not running");
      }
      Optional<PartitionReplica> replica = node.partition(id);
      if (replica.isEmpty()) {
        throw new IOException("node " + leaderNodeId + " does not host " + id);
      }
      return replica.get();
    }
  }
}
