package io.strand.server.api;

import io.grpc.Deadline;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionError;
import io.strand.internal.proto.DescribeReplicasReply;
import io.strand.internal.proto.DescribeReplicasRequest;
import io.strand.internal.proto.PartitionRef;
import io.strand.internal.proto.ReplicaState;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.PartitionOperation;
import io.strand.server.routing.UnaryCall;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A partition's state (leader, epoch, offsets, size) as its leader reports it, for DescribeTopic. Stateless and
 * thread-safe.
 */
public final class DescribeOperation implements PartitionOperation<TopicPartitionId, ReplicaState> {

  private final int localNodeId;
  private final ForwardingClient forwarding;

  public DescribeOperation(int localNodeId, ForwardingClient forwarding) {
    this.localNodeId = localNodeId;
    this.forwarding = forwarding;
  }

  @Override
  public String method() {
    return "strand.v1.AdminService/DescribeTopic";
  }

  @Override
  public TopicPartitionId partition(TopicPartitionId item) {
    return item;
  }

  @Override
  public CompletableFuture<ReplicaState> local(PartitionReplica replica, TopicPartitionId item, Deadline deadline) {
    return CompletableFuture.completedFuture(state(replica, localNodeId));
  }

  /** The state of a local replica. */
  public static ReplicaState state(PartitionReplica replica, int localNodeId) {
    return ReplicaState.newBuilder().setPartition(ref(replica.id())).setIsLeader(replica.isLeader())
        .setLeaderId(replica.isLeader() ? localNodeId : replica.leaderNodeId().orElse(-1))
        .setLeaderEpoch(replica.leaderEpoch()).setLogStartOffset(replica.logStartOffset())
        .setHighWatermark(replica.highWatermark()).setSizeBytes(replica.sizeInBytes()).build();
  }

  @Override
  public CompletableFuture<List<ReplicaState>> remote(NodeRegistration node, List<TopicPartitionId> items,
                                                     Deadline deadline) {
    DescribeReplicasRequest.Builder request = DescribeReplicasRequest.newBuilder();
    items.forEach(id -> request.addPartitions(ref(id)));
    return UnaryCall.<DescribeReplicasRequest, DescribeReplicasReply>start(
            obs -> forwarding.replica(node, deadline).describeReplicas(request.build(), obs))
        .thenApply(reply -> reply.getReplicasList().stream().map(s -> s.getError() == ErrorCode.ERROR_CODE_NONE
            && !s.getIsLeader() ? s.toBuilder().setError(ErrorCode.ERROR_CODE_NOT_LEADER).build() : s).toList());
  }

  @Override
  public ReplicaState failed(TopicPartitionId item, PartitionError error) {
    return ReplicaState.newBuilder().setPartition(ref(item)).setError(error.getCode()).setLeaderId(-1)
        .setLogStartOffset(-1).setHighWatermark(-1).setSizeBytes(-1).build();
  }

  @Override
  public PartitionError errorOf(ReplicaState result) {
    return PartitionError.newBuilder().setCode(result.getError()).build();
  }

  static PartitionRef ref(TopicPartitionId id) {
    return PartitionRef.newBuilder().setTopic(id.topic()).setPartition(id.partition()).build();
  }
}
