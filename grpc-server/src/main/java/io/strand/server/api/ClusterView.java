package io.strand.server.api;

import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.NodeEndpoint;
import io.strand.api.v1.NodeInfo;
import io.strand.api.v1.PartitionMetadata;
import io.strand.api.v1.TopicMetadata;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.TopicInfo;
import io.strand.server.routing.LeaderCache;
import io.strand.server.routing.LocalReplicas;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * This node's answer to "what does the cluster look like": the metadata image plus what the node knows about
 * partition leaders (its own replicas' view, then leader hints learned while forwarding) and node liveness.
 *
 * <p>Thread-safe.
 */
public final class ClusterView {

  private final int localNodeId;
  private final Supplier<ClusterImage> metadata;
  private final LocalReplicas replicas;
  private final LeaderCache leaders;
  private final IntSupplier controllerId;
  private final IntPredicate alive;
  private final Function<TopicPartitionId, OptionalInt> internalLeaders;

  /**
   * @param internalLeaders the Raft leader of an internal topic's partition as this node knows it (internal
   *     partitions are not data replicas, so neither {@code replicas} nor the leader cache know them)
   */
  public ClusterView(int localNodeId, Supplier<ClusterImage> metadata, LocalReplicas replicas, LeaderCache leaders,
                     IntSupplier controllerId, IntPredicate alive,
                     Function<TopicPartitionId, OptionalInt> internalLeaders) {
    this.localNodeId = localNodeId;
    this.metadata = metadata;
    this.replicas = replicas;
    this.leaders = leaders;
    this.controllerId = controllerId;
    this.alive = alive;
    this.internalLeaders = internalLeaders;
  }

  public int localNodeId() {
    return localNodeId;
  }

  public ClusterImage image() {
    return metadata.get();
  }

  /** The metadata group's leader, -1 if none is known. */
  public int controllerId() {
    return controllerId.getAsInt();
  }

  public NodeInfo node(NodeRegistration n) {
    return NodeInfo.newBuilder()
        .setEndpoint(endpoint(n))
        .setRaftAddress(n.raftAddress())
        .setAlive(n.nodeId() == localNodeId || alive.test(n.nodeId()))
        .build();
  }

  private static NodeEndpoint endpoint(NodeRegistration n) {
    return NodeEndpoint.newBuilder().setNodeId(n.nodeId()).setHost(n.host()).setPort(n.grpcPort()).build();
  }

  public TopicMetadata topic(TopicInfo t) {
    TopicMetadata.Builder b = TopicMetadata.newBuilder().setName(t.name()).setTopicId(t.topicId())
        .setInternal(t.internal()).setReplicationFactor(t.replicationFactor()).putAllConfigs(t.configs());
    for (int p = 0; p < t.partitionCount(); p++) {
      b.addPartitions(partition(t, p));
    }
    return b.build();
  }

  public static TopicMetadata unknownTopic(String name) {
    return TopicMetadata.newBuilder().setName(name).setErrorCode(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC).build();
  }

  public PartitionMetadata partition(TopicInfo t, int p) {
    TopicPartitionId id = new TopicPartitionId(t.name(), p);
    Optional<PartitionReplica> local = replicas.replica(id);
    OptionalInt leader = t.internal() ? internalLeaders.apply(id)
        : local.isPresent() ? local.get().leaderNodeId() : leaders.get(id);
    return PartitionMetadata.newBuilder()
        .setPartition(p)
        .setLeaderId(leader.orElse(-1))
        .setLeaderEpoch(local.map(PartitionReplica::leaderEpoch).orElse(0L))
        .addAllReplicas(t.replicas(p))
        .build();
  }
}
