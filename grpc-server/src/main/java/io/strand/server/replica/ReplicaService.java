package io.strand.server.replica;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.DescribeReplicasReply;
import io.strand.internal.proto.DescribeReplicasRequest;
import io.strand.internal.proto.OffsetsSnapshotReply;
import io.strand.internal.proto.OffsetsSnapshotRequest;
import io.strand.internal.proto.PartitionRef;
import io.strand.internal.proto.ReadBatchesReply;
import io.strand.internal.proto.ReadBatchesRequest;
import io.strand.internal.proto.ReplicaServiceGrpc;
import io.strand.internal.proto.ReplicaState;
import io.strand.internal.proto.SnapshotInfoReply;
import io.strand.server.api.DescribeOperation;
import io.strand.server.error.GrpcErrors;
import io.strand.server.routing.LocalReplicas;
import io.strand.store.log.LogReadResult;
import io.strand.store.offsets.OffsetsStateMachine;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSnapshotInfo;
import io.strand.store.partition.TopicPartitionId;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Node-to-node service: serves this node's replicas to lagging followers (snapshot info and committed batches,
 * the leader side of {@link io.strand.store.partition.PartitionCatchUpSource}) and reports local replica state.
 * Answers only from local replicas and never forwards.
 *
 * <p>Thread-safe.
 */
public final class ReplicaService extends ReplicaServiceGrpc.ReplicaServiceImplBase {

  private final int localNodeId;
  private final LocalReplicas replicas;
  private final IntFunction<Optional<OffsetsStateMachine>> offsetsReplicas;

  /**
   * @param offsetsReplicas this node's replica of an offsets partition, if it hosts one
   */
  public ReplicaService(int localNodeId, LocalReplicas replicas,
                        IntFunction<Optional<OffsetsStateMachine>> offsetsReplicas) {
    this.localNodeId = localNodeId;
    this.replicas = replicas;
    this.offsetsReplicas = offsetsReplicas;
  }

  @Override
  public void getOffsetsSnapshot(OffsetsSnapshotRequest request, StreamObserver<OffsetsSnapshotReply> responses) {
    OffsetsStateMachine replica = offsetsReplicas.apply(request.getPartition())
        .filter(OffsetsStateMachine::isCoordinator)
        .orElseThrow(() -> GrpcErrors.exception(ErrorCode.ERROR_CODE_NOT_COORDINATOR, "node " + localNodeId
            + " does not lead offsets partition " + request.getPartition()));
    responses.onNext(OffsetsSnapshotReply.newBuilder()
        .setSnapshot(UnsafeByteOperations.unsafeWrap(replica.serveSnapshot())).build());
    responses.onCompleted();
  }

  @Override
  public void getSnapshotInfo(PartitionRef request, StreamObserver<SnapshotInfoReply> responses) {
    PartitionSnapshotInfo info = replica(request).snapshotInfo();
    responses.onNext(SnapshotInfoReply.newBuilder().setTerm(info.term()).setRaftIndex(info.raftIndex())
        .setLogStartOffset(info.logStartOffset()).setLogEndOffset(info.logEndOffset())
        .setProducerState(UnsafeByteOperations.unsafeWrap(info.producerState())).build());
    responses.onCompleted();
  }

  @Override
  public void readBatches(ReadBatchesRequest request, StreamObserver<ReadBatchesReply> responses) {
    PartitionReplica replica = replica(request.getPartition());
    LogReadResult read = replica.read(request.getFromOffset(), Math.max(1, request.getMaxBytes()));
    responses.onNext(ReadBatchesReply.newBuilder().setBatches(UnsafeByteOperations.unsafeWrap(read.records()))
        .build());
    responses.onCompleted();
  }

  @Override
  public void describeReplicas(DescribeReplicasRequest request, StreamObserver<DescribeReplicasReply> responses) {
    DescribeReplicasReply.Builder b = DescribeReplicasReply.newBuilder();
    for (PartitionRef ref : request.getPartitionsList()) {
      Optional<PartitionReplica> replica = find(ref);
      b.addReplicas(replica.map(r -> DescribeOperation.state(r, localNodeId)).orElseGet(() ->
          ReplicaState.newBuilder().setPartition(ref).setError(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION)
              .setLeaderId(-1).setLogStartOffset(-1).setHighWatermark(-1).setSizeBytes(-1).build()));
    }
    responses.onNext(b.build());
    responses.onCompleted();
  }

  private Optional<PartitionReplica> find(PartitionRef ref) {
    if (ref.getTopic().isEmpty() || ref.getPartition() < 0) {
      return Optional.empty();
    }
    return replicas.replica(new TopicPartitionId(ref.getTopic(), ref.getPartition()));
  }

  private PartitionReplica replica(PartitionRef ref) {
    return find(ref).orElseThrow(() -> GrpcErrors.exception(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION, "node "
        + localNodeId + " hosts no replica of " + ref.getTopic() + "-" + ref.getPartition()));
  }
}
