package io.strand.store.offsets;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Three in-process Ratis servers hosting one offsets partition's group, each with an {@link OffsetsStateMachine}.
 * Snapshot catch-up goes straight to the leader's state machine (the server module does this over gRPC).
 */
final class OffsetsRaftCluster implements AutoCloseable {
  final RaftGroup group;
  final AtomicInteger snapshotFetches = new AtomicInteger();
  private final Path root;
  private final OffsetsConfig config;
  private final TopicsView topics;
  private final Consumer<RaftProperties> tuning;
  private final Map<RaftPeerId, RaftServer> servers = new ConcurrentHashMap<>();

  OffsetsRaftCluster(Path root, OffsetsConfig config, TopicsView topics, Consumer<RaftProperties> tuning)
      throws IOException {
    this.root = root;
    this.config = config;
    this.topics = topics;
    this.tuning = tuning;
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      peers.add(RaftPeer.newBuilder().setId("n" + i).setAddress("127.0.0.1:" + freePort()).build());
    }
    group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.nameUUIDFromBytes("offsets-0".getBytes())), peers);
  }

  OffsetsRaftCluster start() throws IOException {
    for (RaftPeer p : group.getPeers()) {
      start(p.getId());
    }
    return this;
  }

  void start(RaftPeerId id) throws IOException {
    RaftPeer peer = group.getPeer(id);
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(root.resolve(id.toString()).toFile()));
    RaftServerConfigKeys.setRemovedGroupsDir(p, root.resolve(id + "-removed").toFile());
    GrpcConfigKeys.Server.setPort(p, Integer.parseInt(peer.getAddress().split(":")[1]));
    // The product's defaults: shorter election timeouts let leadership flap on a loaded 2-core machine, and the
    // tests drive one coordinator at a time.
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("16KB"));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("16KB"));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("1MB"));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("1100KB"));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
    tuning.accept(p);
    RaftServer server = RaftServer.newBuilder()
        .setServerId(id)
        .setGroup(group)
        .setProperties(p)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .setStateMachineRegistry(gid -> new OffsetsStateMachine(0, config, topics, (g, leader) -> {
          snapshotFetches.incrementAndGet();
          return stateMachine(leader).serveSnapshot();
        }, Clock.systemUTC()))
        .build();
    server.start();
    servers.put(id, server);
  }

  void stop(RaftPeerId id) throws IOException {
    RaftServer s = servers.remove(id);
    if (s != null) {
      s.close();
    }
  }

  OffsetsStateMachine stateMachine(RaftPeerId id) {
    try {
      return (OffsetsStateMachine) servers.get(id).getDivision(group.getGroupId()).getStateMachine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  List<RaftPeerId> running() {
    List<RaftPeerId> ids = new ArrayList<>(servers.keySet());
    ids.sort(Comparator.comparing(RaftPeerId::toString));
    return ids;
  }

  /** The replica whose coordinator is active, once there is exactly one. */
  RaftPeerId awaitCoordinator() {
    RaftPeerId[] found = new RaftPeerId[1];
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      List<RaftPeerId> active = running().stream().filter(id -> stateMachine(id).isCoordinator()).toList();
      found[0] = active.size() == 1 ? active.get(0) : null;
      return found[0] != null;
    });
    return found[0];
  }

  Optional<RaftPeerId> anyFollower(RaftPeerId leader) {
    return running().stream().filter(id -> !id.equals(leader)).findFirst();
  }

  @Override
  public void close() throws IOException {
    for (RaftPeerId id : running()) {
      stop(id);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
