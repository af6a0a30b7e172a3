package io.strand.server.routing;

import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.LeaderHint;
import io.strand.api.v1.NodeEndpoint;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.TopicInfo;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Decides where a partition request goes: the local replica when it leads; otherwise the leader it knows of (the
 * local replica's view, then the leader cache, then the preferred replica as a first guess). A forwarded call is
 * never forwarded again: it is answered NOT_LEADER with the best hint and the originating node retries. Partitions
 * of internal ({@code __}) topics are refused with INTERNAL_TOPIC: they hold group state, not records.
 *
 * <p>Thread-safe (reads an immutable image and thread-safe replicas).
 */
public final class LeaderRouter {

  private final int localNodeId;
  private final Supplier<ClusterImage> metadata;
  private final LocalReplicas replicas;
  private final LeaderCache cache;

  public LeaderRouter(int localNodeId, Supplier<ClusterImage> metadata, LocalReplicas replicas, LeaderCache cache) {
    this.localNodeId = localNodeId;
    this.metadata = metadata;
    this.replicas = replicas;
    this.cache = cache;
  }

  public int localNodeId() {
    return localNodeId;
  }

  public LeaderCache cache() {
    return cache;
  }

  /** A leader hint for clients: the node id and, when the node is registered, its advertised endpoint. */
  public LeaderHint hint(int leaderId) {
    LeaderHint.Builder b = LeaderHint.newBuilder().setLeaderId(leaderId);
    if (leaderId >= 0) {
      metadata.get().node(leaderId).ifPresent(n -> b.setEndpoint(NodeEndpoint.newBuilder()
          .setNodeId(n.nodeId()).setHost(n.host()).setPort(n.grpcPort())));
    }
    return b.build();
  }

  /**
   * @param forwarded whether the current call was forwarded to this node (then it is never forwarded again)
   */
  public Route route(TopicPartitionId id, boolean forwarded) {
    ClusterImage image = metadata.get();
    Optional<TopicInfo> topic = image.topic(id.topic());
    if (topic.isEmpty()) {
      return new Route.Failed(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic '" + id.topic() + "' does not exist", -1);
    }
    if (topic.get().internal()) {
      // Internal partitions are Raft groups of their own state machines (consumer group state), not record logs:
      // no data call applies to them, and routing them like data would only time out as LEADER_NOT_AVAILABLE.
      return new Route.Failed(ErrorCode.ERROR_CODE_INTERNAL_TOPIC, "topic '" + id.topic() + "' is internal: it"
          + " holds consumer group state, not records; use the group API (GroupService, `strand groups`)", -1);
    }
    if (!topic.get().hasPartition(id.partition())) {
      return new Route.Failed(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION, "topic '" + id.topic() + "' has "
          + topic.get().partitionCount() + " partitions; partition " + id.partition() + " does not exist", -1);
    }
    Optional<PartitionReplica> local = replicas.replica(id);
    if (local.isPresent() && local.get().isLeader()) {
      if (local.get().isLeaderReady()) {
        return new Route.Local(local.get());
      }
      return new Route.Failed(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "partition " + id + ": node "
          + localNodeId + " leads it but is not ready to serve (just elected and catching up, or its replica stopped"
          + " applying and is restarting); retry shortly", localNodeId);
    }
    OptionalInt known = local.isPresent() ? local.get().leaderNodeId() : cache.get(id);
    if (forwarded) {
      int hint = known.isPresent() && known.getAsInt() != localNodeId ? known.getAsInt() : -1;
      return new Route.Failed(hint >= 0 ? ErrorCode.ERROR_CODE_NOT_LEADER : ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE,
          "node " + localNodeId + " does not lead partition " + id
              + (hint >= 0 ? "; the leader is node " + hint : "; no leader is known"), hint);
    }
    int target = known.orElse(local.isPresent() ? -1 : topic.get().replicas(id.partition()).get(0));
    if (target < 0 || target == localNodeId) {
      return new Route.Failed(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "partition " + id
          + " has no leader right now (election in progress); retry shortly", -1);
    }
    Optional<NodeRegistration> node = image.node(target);
    if (node.isEmpty()) {
      return new Route.Failed(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "the leader of partition " + id
          + " is node " + target + ", which has not registered its address yet; retry shortly", target);
    }
    return new Route.Remote(node.get());
  }
}
