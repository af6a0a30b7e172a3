package io.strand.server.api;

import io.grpc.Deadline;
import io.strand.api.v1.DeleteRecordsPartition;
import io.strand.api.v1.DeleteRecordsPartitionResult;
import io.strand.api.v1.DeleteRecordsRequest;
import io.strand.api.v1.DeleteRecordsResponse;
import io.strand.api.v1.PartitionError;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.PartitionOperation;
import io.strand.server.routing.UnaryCall;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** DeleteRecords on the partition leader (replicated through its Raft group). Stateless and thread-safe. */
public final class DeleteRecordsOperation
    implements PartitionOperation<DeleteRecordsPartition, DeleteRecordsPartitionResult> {

  private final ForwardingClient forwarding;

  public DeleteRecordsOperation(ForwardingClient forwarding) {
    this.forwarding = forwarding;
  }

  @Override
  public String method() {
    return "strand.v1.AdminService/DeleteRecords";
  }

  @Override
  public TopicPartitionId partition(DeleteRecordsPartition item) {
    return new TopicPartitionId(item.getTopic(), item.getPartition());
  }

  @Override
  public CompletableFuture<DeleteRecordsPartitionResult> local(PartitionReplica replica,
                                                              DeleteRecordsPartition item, Deadline deadline) {
    Duration timeout = Duration.ofMillis(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    return replica.deleteRecordsBefore(item.getBeforeOffset(), timeout)
        .thenApply(start -> DeleteRecordsPartitionResult.newBuilder().setTopic(item.getTopic())
            .setPartition(item.getPartition()).setLogStartOffset(start).build());
  }

  @Override
  public CompletableFuture<List<DeleteRecordsPartitionResult>> remote(NodeRegistration node,
                                                                     List<DeleteRecordsPartition> items,
                                                                     Deadline deadline) {
    DeleteRecordsRequest request = DeleteRecordsRequest.newBuilder().addAllPartitions(items).build();
    return UnaryCall.<DeleteRecordsRequest, DeleteRecordsResponse>start(
            obs -> forwarding.admin(node, deadline).deleteRecords(request, obs))
        .thenApply(DeleteRecordsResponse::getResultsList);
  }

  @Override
  public DeleteRecordsPartitionResult failed(DeleteRecordsPartition item, PartitionError error) {
    return DeleteRecordsPartitionResult.newBuilder().setTopic(item.getTopic()).setPartition(item.getPartition())
        .setError(error).setLogStartOffset(-1).build();
  }

  @Override
  public PartitionError errorOf(DeleteRecordsPartitionResult result) {
    return result.getError();
  }
}
