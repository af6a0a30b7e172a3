package io.strand.store.raft;

import io.micrometer.core.instrument.MeterRegistry;
import io.strand.store.partition.DamagedReplicaException;
import io.strand.store.partition.PartitionCatchUpSource;
import io.strand.store.partition.PartitionDirectory;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionServices;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.RaftPartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.ExitUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: the single Ratis {@link RaftServer} that hosts every Raft group the node is a member of (the
 * metadata group through {@link GroupRegistry}, every partition replica, later the offsets group), plus the
 * node-wide executors the partitions share ({@link NodeExecutors}) and the leader-side retention ticker.
 *
 * <p>Groups are added and removed in-process. At start-up Ratis re-adds every group directory under
 * {@code <dataDir>/raft}; the state machine registry asks {@code otherGroups} first and otherwise rebuilds a
 * partition state machine from the descriptor in {@code <dataDir>/partitions/<group uuid>/}, which
 * {@link #addPartition} writes before creating the group.
 *
 * <p>A group that stops while the node runs (its Raft log or state machine failed, e.g. on a full disk) is restarted
 * from its storage by {@link GroupRestarter}, without a node restart.
 *
 * <p>Thread-safe. {@link #start()} and {@link #close()} are called once each, by the composition root.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

  private final RaftNodeConfig config;
  private final NodeAddressBook addresses;
  private final GroupRegistry otherGroups;
  private final Clock clock;
  private final NodeExecutors executors;
  private final PartitionServices services;
  private final ClientId clientId = ClientId.randomId();
  private final ConcurrentMap<RaftGroupId, RaftPartitionReplica> replicasByGroup = new ConcurrentHashMap<>();
  private final ConcurrentMap<TopicPartitionId, RaftPartitionReplica> replicas = new ConcurrentHashMap<>();
  private final ConcurrentMap<RaftGroupId, CompletableFuture<PartitionReplica>> pendingAdds =
      new ConcurrentHashMap<>();
  private final GroupRestarter restarter;
  private final ConcurrentMap<RaftGroupId, String> held = new ConcurrentHashMap<>();
  private volatile RaftServer server;

  public RaftNode(RaftNodeConfig config, NodeAddressBook addresses, GroupRegistry otherGroups,
                  PartitionCatchUpSource catchUp, MeterRegistry meters, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.otherGroups = Objects.requireNonNull(otherGroups, "otherGroups");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executors = new NodeExecutors("strand-n" + config.nodeId(), config.tuning().callbackThreads());
    this.services = new PartitionServices(config.tuning(), Objects.requireNonNull(catchUp, "catchUp"),
        executors.catchUp(), executors.callbacks(), executors.scheduler(), clock,
        Objects.requireNonNull(meters, "meters"));
    this.restarter = new GroupRestarter("node " + config.nodeId(), this::server,
        Executors.newSingleThreadScheduledExecutor(daemon("strand-n" + config.nodeId() + "-group-restart")), clock,
        config.tuning().groupRestartDelayMin(), config.tuning().groupRestartDelayMax(), config.raftStorageDir(),
        config.tuning().raftSegmentBytes());
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The Raft peer id of a node: {@code "n" + nodeId}. */
  public static RaftPeerId peerId(int nodeId) {
    return RaftGroups.peerId(nodeId);
  }

  /**
   * Starts the Raft server on the configured port and recovers every group found under the data directory.
   *
   * @throws IOException if the directories cannot be created or the port cannot be bound (Ratis' own
   *     {@code System.exit} on bind failure is disabled)
   */
  public void start() throws IOException {
    // Ratis would otherwise exit the JVM on a bind failure and on any uncaught exception; Strand decides.
    ExitUtils.disableSystemExit();
    ExitUtils.setTerminateOnUncaughtException(false);
    Files.createDirectories(config.raftStorageDir());
    Files.createDirectories(config.partitionsDir());
    RaftMetaRepair.repairAll(config.raftStorageDir(), peerId(config.nodeId()).toString(), clock);
    RaftServer built;
    while (true) {
      built = RaftServer.newBuilder()
          .setServerId(peerId(config.nodeId()))
          .setProperties(RatisProperties.server(config))
          .setParameters(new Parameters())
          .setStateMachineRegistry(this::stateMachineFor)
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
      try {
        built.start();
        break;
      } catch (IOException | RuntimeException e) {
        try {
          built.close();
        } catch (IOException | RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
        // Ratis fails the whole server when one group fails to load: hold that replica out and start the rest.
        DamagedReplicaException damaged = damagedReplica(e).orElseThrow(() -> new IOException("node "
            + config.nodeId() + ": cannot start the Raft server on " + config.raftHost() + ":" + config.raftPort()
            + " (port in use or data directory unusable): " + e.getMessage(), e));
        holdOut(damaged);
      }
    }
    server = built;
    long intervalMs = config.tuning().retentionCheckInterval().toMillis();
    executors.scheduler().scheduleWithFixedDelay(this::proposeRetention, intervalMs, intervalMs,
        TimeUnit.MILLISECONDS);
    restarter.start();
    LOG.info("node {}: Raft server started on {}:{}, {} partition replicas recovered", config.nodeId(),
        config.raftHost(), config.raftPort(), replicas.size());
  }

  private static Optional<DamagedReplicaException> damagedReplica(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DamagedReplicaException damaged) {
        return Optional.of(damaged);
      }
    }
    return Optional.empty();
  }

  /**
   * Moves a damaged replica's Raft storage out of Ratis' sight, keeping it and the partition directory for the
   * operator. The group's Raft log and vote stay intact on disk; the replica is simply absent, as if its node were
   * down for that partition only, so the other replicas keep their majority and nothing is voted twice.
   */
  private void holdOut(DamagedReplicaException damaged) throws IOException {
    RaftGroupId groupId = damaged.groupId();
    Path from = config.raftStorageDir().resolve(groupId.getUuid().toString());
    Path to = config.heldGroupsDir().resolve(groupId.getUuid().toString());
    if (Files.exists(to)) {
      to = config.heldGroupsDir().resolve(groupId.getUuid() + "-" + clock.millis());
    }
    Files.createDirectories(config.heldGroupsDir());
    Files.move(from, to);
    RaftPartitionReplica stale = replicasByGroup.remove(groupId);
    if (stale != null) {
      replicas.remove(stale.id(), stale);
      stale.close();
    }
    held.put(groupId, damaged.getMessage());
    LOG.error("node {}: replica of group {} is damaged and held out; this node serves its other partitions. {} "
        + "Its Raft storage is now {}; see docs/operations.md#strandreplicaheldout to rebuild it",
        config.nodeId(), groupId, damaged.getMessage(), to);
  }

  /** Groups held out at start-up because their replica's data is damaged, with the reason. */
  public Map<RaftGroupId, String> heldReplicas() {
    return Map.copyOf(held);
  }

  /** The Ratis server; available after {@link #start()}. */
  public RaftServer server() {
    RaftServer current = server;
    if (current == null) {
      throw new IllegalStateException("node " + config.nodeId() + ": not started");
    }
    return current;
  }

  public RaftNodeConfig config() {
    return config;
  }

  private StateMachine stateMachineFor(RaftGroupId groupId) {
    Optional<StateMachine> other = otherGroups.stateMachineFor(groupId);
    if (other.isPresent()) {
      return other.get();
    }
    PartitionDirectory directory = PartitionDirectory.of(config.partitionsDir(), groupId);
    PartitionSpec spec;
    try {
      spec = directory.readDescriptor();
    } catch (IOException e) {
      throw new UncheckedIOException("node " + config.nodeId() + ": no state machine for group " + groupId, e);
    }
    RaftPartitionReplica previous = replicasByGroup.remove(groupId);
    if (previous != null) {
      // A restart of the group (GroupRestarter): release the old replica's metrics before the new replica registers
      // the same meters, and its log files (Ratis has normally closed them already; closing is idempotent).
      previous.close();
      try {
        previous.stateMachine().close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: closing the previous state machine failed", previous.id(), e);
      }
    }
    RaftPartitionReplica replica = new RaftPartitionReplica(spec, groupId, directory, services);
    replicasByGroup.put(groupId, replica);
    replicas.put(spec.id(), replica);
    return replica.stateMachine();
  }

  /** True if the Raft server currently hosts the group (or has it out for a restart after it stopped). */
  public boolean hosts(RaftGroupId groupId) {
    if (restarter.isRestarting(groupId)) {
      return true;
    }
    for (RaftGroupId hosted : server().getGroupIds()) {
      if (hosted.equals(groupId)) {
        return true;
      }
    }
    return false;
  }

  /** Adds a group on this node (a no-op if it is already hosted); the state machine comes from the registry. */
  public CompletableFuture<Void> addGroup(RaftGroup group) {
    if (hosts(group.getGroupId())) {
      return CompletableFuture.completedFuture(null);
    }
    GroupManagementRequest request = GroupManagementRequest.newAdd(clientId, server().getId(),
        CallId.getAndIncrement(), group, true);
    return server().groupManagementAsync(request).thenAccept(reply -> requireSuccess(reply, "add " + group));
  }

  /**
   * Adds a non-partition group (for example an offsets partition) with the given replicas, first = preferred
   * leader, addressed through this node's address book; the state machine comes from the registry. A no-op if
   * the group is already hosted.
   */
  public CompletableFuture<Void> addGroup(RaftGroupId groupId, List<Integer> replicas) {
    try {
      return addGroup(RaftGroups.group(groupId, replicas, addresses));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Removes a group from this node. With {@code deleteData} the Raft storage and, for a partition, its segment
   * files are deleted; otherwise both are moved aside ({@code raft-removed/}, {@code partitions-removed/}).
   */
  public CompletableFuture<Void> removeGroup(RaftGroupId groupId, boolean deleteData) {
    if (!hosts(groupId)) {
      return CompletableFuture.completedFuture(null);
    }
    GroupManagementRequest request = GroupManagementRequest.newRemove(clientId, server().getId(),
        CallId.getAndIncrement(), groupId, deleteData, !deleteData);
    return server().groupManagementAsync(request).thenAcceptAsync(reply -> {
      requireSuccess(reply, "remove group " + groupId);
      RaftPartitionReplica replica = replicasByGroup.remove(groupId);
      if (replica != null) {
        replicas.remove(replica.id(), replica);
        replica.close();
        removePartitionData(replica.directory(), deleteData);
      }
    }, executors.catchUp());
  }

  private void removePartitionData(PartitionDirectory directory, boolean deleteData) {
    try {
      if (deleteData) {
        directory.delete();
      } else {
        directory.moveTo(config.removedPartitionsDir(), Long.toString(clock.millis()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("node " + config.nodeId() + ": cannot remove " + directory.path(), e);
    }
  }

  /**
   * Creates this node's replica of a partition: writes the partition descriptor, then adds the Raft group with the
   * spec's replicas (first = preferred leader). Completes with the existing replica if already hosted.
   */
  public CompletableFuture<PartitionReplica> addPartition(PartitionSpec spec) {
    RaftGroupId groupId = RaftGroups.forPartition(spec.topicId(), spec.id().partition());
    RaftPartitionReplica existing = replicasByGroup.get(groupId);
    if (existing != null && hosts(groupId)) {
      return CompletableFuture.completedFuture(existing);
    }
    CompletableFuture<PartitionReplica> added = new CompletableFuture<>();
    CompletableFuture<PartitionReplica> inProgress = pendingAdds.putIfAbsent(groupId, added);
    if (inProgress != null) {
      return inProgress.copy();
    }
    createPartition(groupId, spec).whenComplete((replica, error) -> {
      pendingAdds.remove(groupId, added);
      if (error != null) {
        added.completeExceptionally(error);
      } else {
        added.complete(replica);
      }
    });
    return added.copy();
  }

  private CompletableFuture<PartitionReplica> createPartition(RaftGroupId groupId, PartitionSpec spec) {
    try {
      String heldReason = held.get(groupId);
      if (heldReason != null) {
        throw new IOException("group " + groupId + " of " + spec.id() + " is held out since start-up: "
            + heldReason);
      }
      if (Files.exists(config.raftStorageDir().resolve(groupId.getUuid().toString()))) {
        throw new IOException("group " + groupId + " of " + spec.id() + " has Raft storage on disk but is not "
            + "running (its recovery failed at start-up; see the log)");
      }
      PartitionDirectory directory = PartitionDirectory.of(config.partitionsDir(), groupId);
      // Leftovers of an earlier attempt that never got a Raft group: nothing was ever committed from them.
      directory.delete();
      directory.writeDescriptor(spec);
      RaftGroup group = RaftGroups.group(groupId, spec.replicas(), addresses);
      return addGroup(group).thenApply(v -> replica(groupId));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private PartitionReplica replica(RaftGroupId groupId) {
    RaftPartitionReplica replica = replicasByGroup.get(groupId);
    if (replica == null) {
      throw new IllegalStateException("group " + groupId + " was added but has no partition replica");
    }
    return replica;
  }

  /** Removes this node's replica of a partition; a no-op if it is not hosted. */
  public CompletableFuture<Void> removePartition(TopicPartitionId id, boolean deleteData) {
    RaftPartitionReplica replica = replicas.get(id);
    if (replica == null) {
      return CompletableFuture.completedFuture(null);
    }
    return removeGroup(replica.groupId(), deleteData);
  }

  public Optional<PartitionReplica> partition(TopicPartitionId id) {
    return Optional.ofNullable(replicas.get(id));
  }

  public Collection<PartitionReplica> partitions() {
    return List.copyOf(replicas.values());
  }

  /**
   * A Ratis client for a group hosted elsewhere (for example the metadata group's leader): bounded retries, every
   * request gives up after {@code deadline}. The caller owns and closes it.
   */
  public RaftClient newClient(RaftGroup group, Duration deadline) {
    return RaftClient.newBuilder()
        .setProperties(RatisProperties.client(config.tuning()))
        .setRaftGroup(group)
        .setRetryPolicy(RatisProperties.clientRetryPolicy(config.tuning(), deadline))
        .build();
  }

  private void proposeRetention() {
    for (RaftPartitionReplica replica : replicas.values()) {
      try {
        if (replica.isLeaderReady() && replica.hasRetentionWork()) {
          replica.proposeRetention();
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: retention check failed", replica.id(), e);
      }
    }
  }

  private static void requireSuccess(RaftClientReply reply, String operation) {
    if (!reply.isSuccess()) {
      throw new IllegalStateException(operation + " failed: " + reply.getException(), reply.getException());
    }
  }

  /** Stops the Raft server (every group), fails pending appends and stops the node's executors. */
  @Override
  public void close() {
    restarter.close();
    executors.scheduler().shutdownNow();
    replicas.values().forEach(RaftPartitionReplica::close);
    RaftServer current = server;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        LOG.warn("node {}: error closing the Raft server", config.nodeId(), e);
      }
    }
    executors.close();
    LOG.info("node {}: Raft server stopped", config.nodeId());
  }
}
