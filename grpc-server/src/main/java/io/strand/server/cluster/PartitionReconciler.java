package io.strand.server.cluster;

import io.strand.server.groups.OffsetsTopic;
import io.strand.store.log.LogConfig;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.TopicPartitionId;
import io.strand.store.raft.RaftGroups;
import io.strand.store.raft.RaftNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node host exactly the partition replicas the metadata image assigns to it: adds missing partition
 * Raft groups, removes (and deletes the data of) replicas of deleted topics or old topic incarnations, and pushes
 * topic config changes to local replicas. Runs on every image change and once at start (so a restarted node
 * converges too).
 *
 * <p>Removals wait until {@code mayRemove} says the local metadata is current (this node's own registration
 * has been applied in this process), so that a stale image replayed at start-up never deletes live data.
 *
 * <p>Thread-safe: passes run one at a time on the given single-threaded executor.
 */
public final class PartitionReconciler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionReconciler.class);
  private static final long RETRY_DELAY_MS = 1000;
  private static final long OPERATION_TIMEOUT_MS = 60_000;

  private final int nodeId;
  private final ClusterMetadata metadata;
  private final RaftNode raftNode;
  private final TopicConfigs topicConfigs;
  private final ScheduledExecutorService executor;
  private final BooleanSupplier mayRemove;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Map<RaftGroupId, LogConfig> pushedConfigs = new HashMap<>();
  private volatile long reconciledIndex = -1;
  private volatile String lastProblem = "not reconciled yet";
  private volatile boolean closed;

  public PartitionReconciler(int nodeId, ClusterMetadata metadata, RaftNode raftNode, TopicConfigs topicConfigs,
                             ScheduledExecutorService executor, BooleanSupplier mayRemove) {
    this.nodeId = nodeId;
    this.metadata = metadata;
    this.raftNode = raftNode;
    this.topicConfigs = topicConfigs;
    this.executor = executor;
    this.mayRemove = mayRemove;
  }

  /** Starts reacting to metadata changes and runs a first pass. */
  public void start() {
    metadata.addListener(image -> trigger());
    trigger();
  }

  /** Requests a pass soon (coalesces bursts of image changes). */
  public void trigger() {
    if (!closed && scheduled.compareAndSet(false, true)) {
      executor.execute(this::pass);
    }
  }

  /** Whether the last pass covered the current image and left nothing undone; else why not. */
  public java.util.Optional<String> notReconciledReason() {
    ClusterImage image = metadata.image();
    if (reconciledIndex < image.appliedIndex() || reconciledIndex < 0) {
      return java.util.Optional.of("local partition groups not yet reconciled with metadata index "
          + image.appliedIndex() + (lastProblem.isEmpty() ? "" : " (" + lastProblem + ")"));
    }
    return java.util.Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void pass() {
    scheduled.set(false);
    if (closed) {
      return;
    }
    ClusterImage image = metadata.image();
    List<String> problems = new ArrayList<>();
    Map<TopicPartitionId, PartitionSpec> desired = desired(image);
    boolean removalsAllowed = mayRemove.getAsBoolean();
    if (!removalsAllowed) {
      problems.add("waiting for this node's registration before removing replicas");
    }
    for (PartitionReplica replica : List.copyOf(raftNode.partitions())) {
      PartitionSpec spec = desired.get(replica.id());
      boolean current = spec != null && replica.groupId().equals(groupOf(spec));
      if (!current && removalsAllowed) {
        LOG.info("node {}: removing replica {} ({}) and its data: no longer assigned here", nodeId, replica.id(),
            replica.groupId());
        await(raftNode.removePartition(replica.id(), true), "remove " + replica.id(), problems);
        pushedConfigs.remove(replica.groupId());
      }
    }
    for (PartitionSpec spec : desired.values()) {
      var existing = raftNode.partition(spec.id());
      if (existing.isPresent() && existing.get().groupId().equals(groupOf(spec))) {
        pushConfig(existing.get(), spec.logConfig());
      } else if (existing.isEmpty() && raftNode.heldReplicas().containsKey(groupOf(spec))) {
        // Held out at start-up (damaged on disk, logged then): the operator rebuilds it, the partition keeps its
        // other replicas, and this node stays ready for everything else.
        continue;
      } else if (existing.isEmpty()) {
        LOG.info("node {}: adding replica {} with replicas {}", nodeId, spec.id(), spec.replicas());
        await(raftNode.addPartition(spec).thenAccept(r -> pushedConfigs.put(r.groupId(), spec.logConfig())),
            "add " + spec.id(), problems);
      }
    }
    addOffsetsGroups(image, problems);
    lastProblem = String.join("; ", problems);
    if (problems.isEmpty()) {
      reconciledIndex = image.appliedIndex();
    } else if (!closed) {
      executor.schedule(this::trigger, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  private Map<TopicPartitionId, PartitionSpec> desired(ClusterImage image) {
    Map<TopicPartitionId, PartitionSpec> desired = new HashMap<>();
    for (TopicInfo topic : image.topics().values()) {
      if (topic.name().equals(OffsetsTopic.NAME)) {
        continue;
      }
      LogConfig config = topicConfigs.effective(topic);
      for (int p = 0; p < topic.partitionCount(); p++) {
        List<Integer> replicas = topic.replicas(p);
        if (replicas.contains(nodeId)) {
          TopicPartitionId id = new TopicPartitionId(topic.name(), p);
          desired.put(id, new PartitionSpec(id, topic.topicId(), replicas, config));
        }
      }
    }
    return desired;
  }

  /** The offsets partitions are Raft groups with their own state machine, not log partitions. */
  private void addOffsetsGroups(ClusterImage image, List<String> problems) {
    image.topic(OffsetsTopic.NAME).ifPresent(topic -> {
      for (int p = 0; p < topic.partitionCount(); p++) {
        List<Integer> replicas = topic.replicas(p);
        RaftGroupId groupId = OffsetsTopic.groupId(p);
        if (replicas.contains(nodeId) && !raftNode.hosts(groupId)) {
          LOG.info("node {}: adding offsets partition {} with replicas {}", nodeId, p, replicas);
          await(raftNode.addGroup(groupId, replicas), "add " + OffsetsTopic.NAME + "-" + p, problems);
        }
      }
    });
  }

  private void pushConfig(PartitionReplica replica, LogConfig config) {
    if (!config.equals(pushedConfigs.get(replica.groupId()))) {
      replica.updateConfig(config);
      pushedConfigs.put(replica.groupId(), config);
    }
  }

  private static RaftGroupId groupOf(PartitionSpec spec) {
    return RaftGroups.forPartition(spec.topicId(), spec.id().partition());
  }

  private void await(CompletableFuture<?> op, String what, List<String> problems) {
    try {
      op.get(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add(what + " interrupted");
    } catch (Exception e) {
      LOG.warn("node {}: {} failed; retrying", nodeId, what, e);
      problems.add(what + " failed: " + e.getMessage());
    }
  }
}
